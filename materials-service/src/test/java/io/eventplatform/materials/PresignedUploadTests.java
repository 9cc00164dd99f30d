package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.HTTP;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.fetch;
import static io.eventplatform.materials.MaterialsStage.itemsOfEvent;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.sha256;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class PresignedUploadTests {

    private static final String PROBLEMS = "https://eventplatform.dev/problems/";
    // java.net.http sets these itself from the body and URL.
    private static final Set<String> SET_BY_CLIENT = Set.of("content-length", "host");

    @Test
    void presignedPutThenConfirmRecordsTheMaterialAndDownloadsTheSameBytes() throws Exception {
        String eventId = newEvent();
        byte[] video = randomBytes(3_000_000, 30);
        JsonPath ticket = startUpload(eventId, Map.of("title", "Workshop recording", "fileName", "workshop.mp4",
                "contentType", "video/mp4", "size", video.length, "sha256", sha256(video), "visibility", "attendees"));
        assertEquals("PUT", ticket.getString("method"));

        assertEquals(200, put(ticket, video).statusCode());
        String materialId = asOrganizer().when().post(ticket.getString("confirmPath")).then().statusCode(201)
                .body("materialId", equalTo(ticket.getString("materialId")))
                .body("size", equalTo(video.length))
                .body("sha256", equalTo(sha256(video)))
                .body("contentType", equalTo("video/mp4"))
                .extract().path("materialId");

        String url = asOrganizer().when().get(BASE + eventId + "/materials/" + materialId + "/download").then()
                .statusCode(200).extract().path("url");
        assertArrayEquals(video, fetch(url).body());
        assertEquals(List.of(), objectVersions("uploads/" + eventId + "/"), "the staging object is gone");
        asOrganizer().when().post(ticket.getString("confirmPath")).then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "upload-not-found"));
    }

    @Test
    void presignedUploadCanAddANewVersionToAMaterial() throws Exception {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(1000, 31), "attendees");
        byte[] second = randomBytes(2000, 32);
        JsonPath ticket = startUpload(eventId, Map.of("materialId", materialId, "fileName", "slides-v2.pdf",
                "contentType", "application/pdf", "size", second.length));
        put(ticket, second);
        asOrganizer().when().post(ticket.getString("confirmPath")).then().statusCode(201)
                .body("materialId", equalTo(materialId))
                .body("sha256", equalTo(sha256(second)))
                .body("title", equalTo("Slides"));
        asOrganizer().when().get(BASE + eventId + "/materials/" + materialId + "/versions").then().statusCode(200)
                .body("$", hasSize(2));
    }

    @Test
    void confirmForAnUploadThatNeverHappenedIsRefusedAndWritesNothing() {
        String eventId = newEvent();
        JsonPath ticket = startUpload(eventId, Map.of("title", "Agenda", "fileName", "agenda.pdf",
                "contentType", "application/pdf", "size", 1234));

        asOrganizer().when().post(ticket.getString("confirmPath")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "upload-incomplete"));
        asOrganizer().when().post(BASE + eventId + "/uploads/no-such-upload/confirm").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "upload-not-found"));

        assertEquals(null, materialItem(eventId, ticket.getString("materialId")));
        assertEquals(List.of(), objectVersions("materials/" + eventId + "/"));
    }

    @Test
    void uploadThatDiffersFromWhatWasDeclaredIsRefusedAndRemoved() throws Exception {
        String eventId = newEvent();
        byte[] declared = randomBytes(5000, 33);
        JsonPath wrongSize = startUpload(eventId, Map.of("title", "Map", "fileName", "map.png",
                "contentType", "image/png", "size", 9999));
        put(wrongSize, declared);
        asOrganizer().when().post(wrongSize.getString("confirmPath")).then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "upload-mismatch"));

        JsonPath wrongHash = startUpload(eventId, Map.of("title", "Map", "fileName", "map.png",
                "contentType", "image/png", "size", declared.length, "sha256", sha256(new byte[] { 1 })));
        put(wrongHash, declared);
        asOrganizer().when().post(wrongHash.getString("confirmPath")).then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "checksum-mismatch"));

        JsonPath wrongType = startUpload(eventId, Map.of("title", "Map", "fileName", "map.png",
                "contentType", "image/png", "size", declared.length));
        HttpResponse<String> jpeg = HTTP.send(HttpRequest.newBuilder(URI.create(wrongType.getString("url")))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(declared)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jpeg.statusCode(), "S3Mock does not check signatures; S3 itself would refuse this PUT");
        asOrganizer().when().post(wrongType.getString("confirmPath")).then().statusCode(422)
                .body("type", equalTo(PROBLEMS + "upload-mismatch"));

        assertEquals(List.of(), objectVersions("uploads/" + eventId + "/"));
        assertEquals(List.of(), objectVersions("materials/" + eventId + "/"));
        assertTrue(itemsOfEvent(eventId).stream().noneMatch(item -> item.get("item_type").s().equals("material")));
    }

    @Test
    void twoConcurrentConfirmsOfOneUploadRecordItOnceAndLeaveNoExtraVersion() throws Exception {
        String eventId = newEvent();
        byte[] bytes = randomBytes(400_000, 34);
        JsonPath ticket = startUpload(eventId, Map.of("title", "Agenda", "fileName", "agenda.pdf",
                "contentType", "application/pdf", "size", bytes.length));
        put(ticket, bytes);
        String token = MaterialsStage.organizer();
        Callable<Integer> confirm = () -> io.restassured.RestAssured.given().auth().oauth2(token)
                .when().post(ticket.getString("confirmPath")).then().extract().statusCode();
        List<Integer> statuses = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(confirm));
            }
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), "statuses " + statuses);
        assertTrue(statuses.stream().allMatch(status -> status == 201 || status == 404 || status == 409),
                "statuses " + statuses);
        MaterialItem material = materialItem(eventId, ticket.getString("materialId"));
        assertEquals(List.of(material.objectKey() + "@" + material.versionId()), objectVersions(material.objectKey()),
                "only the winning confirm's version remains");
    }

    static JsonPath startUpload(String eventId, Map<String, Object> request) {
        return asOrganizer().contentType("application/json").body(request)
                .when().post(BASE + eventId + "/uploads").then().statusCode(201)
                .body("url", notNullValue())
                .body("expiresAt", notNullValue())
                .extract().jsonPath();
    }

    static HttpResponse<String> put(JsonPath ticket, byte[] bytes) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ticket.getString("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        Map<String, String> headers = ticket.getMap("headers");
        headers.forEach((name, value) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
