package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.HTTP;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.itemsOfEvent;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.organizer;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.upload;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class BadInputTests {

    private static final String PROBLEMS = "https://eventplatform.dev/problems/";
    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/")
    URL service;

    @Test
    void contentTypeOutsideTheAllowedListIs415AndStoresNothing() {
        String eventId = newEvent();
        upload(eventId, randomBytes(100, 50), "application/x-msdownload", "setup.exe", "Setup", "public")
                .statusCode(415).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "unsupported-material-type"));
        assertNothingStored(eventId);
    }

    @Test
    void fileOverTheDirectUploadLimitIs413AndPointsToPresignedUploads() {
        String eventId = newEvent();
        // %test limits: 2 MiB through the API, 6 MiB at all.
        upload(eventId, randomBytes(2 * 1024 * 1024 + 1, 51), "application/pdf", "big.pdf", "Big", "public")
                .statusCode(413).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "payload-too-large"));
        asOrganizer().contentType("application/json").body(Map.of("title", "Huge", "fileName", "huge.mp4",
                "contentType", "video/mp4", "size", 7 * 1024 * 1024)).when().post(BASE + eventId + "/uploads")
                .then().statusCode(413).contentType(PROBLEM_JSON);
        assertNothingStored(eventId);
    }

    @Test
    void emptyFileIs400() {
        String eventId = newEvent();
        upload(eventId, new byte[0], "application/pdf", "empty.pdf", "Empty", "public")
                .statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "empty-file"));
        assertNothingStored(eventId);
    }

    @Test
    void pathTricksInFileNamesAreRefused() {
        String eventId = newEvent();
        for (String name : List.of("../../etc/passwd", "..\\..\\boot.ini", "slides/../../x.pdf", ".htaccess",
                "~root.pdf", "a\u0000b.pdf", "..")) {
            upload(eventId, randomBytes(10, 52), "application/pdf", name, "Trick", "public")
                    .statusCode(400).contentType(PROBLEM_JSON)
                    .body("type", equalTo(PROBLEMS + "invalid-file-name"))
                    .body("violations.field", hasItem("fileName"));
        }
        asOrganizer().contentType("application/json").body(Map.of("title", "T", "fileName", "../x.pdf",
                "contentType", "application/pdf", "size", 10)).when().post(BASE + eventId + "/uploads")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-file-name"));
        assertNothingStored(eventId);
    }

    @Test
    void oddCharactersInFileNamesAreSanitised() {
        String eventId = newEvent();
        upload(eventId, randomBytes(10, 53), "application/pdf", "  Präsentation <final>?.pdf  ", "Slides", "public")
                .statusCode(201)
                .body("fileName", equalTo("Präsentation _final__.pdf"));
    }

    @Test
    void chunkedBodyWithoutLengthIs411() throws Exception {
        String eventId = newEvent();
        var request = HttpRequest.newBuilder(URI.create(service + BASE.substring(1) + eventId
                + "/materials?fileName=a.pdf&title=A"))
                .header("Authorization", "Bearer " + organizer())
                .header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(randomBytes(100, 54))))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(411, response.statusCode(), response.body());
        assertTrue(response.body().contains(PROBLEMS + "length-required"), response.body());
        assertNothingStored(eventId);
    }

    @Test
    void missingOrInvalidFieldsAreValidationProblemsNamingTheField() {
        String eventId = newEvent();
        asOrganizer().contentType("application/pdf").body(randomBytes(10, 55)).queryParam("fileName", "a.pdf")
                .queryParam("visibility", "everyone")
                .when().post(BASE + eventId + "/materials").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "validation"))
                .body("violations.field", hasItem("title"))
                .body("violations.field", hasItem("visibility"));
        asOrganizer().contentType("application/json").body("{\"fileName\":\"a.pdf\",\"size\":\"big\"}")
                .when().post(BASE + eventId + "/uploads").then().statusCode(400).contentType(PROBLEM_JSON);
        asOrganizer().contentType("application/json").body(Map.of("fileName", "a.pdf", "contentType",
                "application/pdf", "size", -5, "sha256", "xyz")).when().post(BASE + eventId + "/uploads")
                .then().statusCode(400).body("violations.field", hasItem("size"))
                .body("violations.field", hasItem("sha256"));
        assertNothingStored(eventId);
    }

    @Test
    void unknownEventOrMaterialIs404AndDotDotInAnIdIs400() {
        upload("no-such-event", randomBytes(10, 56), "application/pdf", "a.pdf", "A", "public")
                .statusCode(404).contentType(PROBLEM_JSON);
        String eventId = newEvent();
        asOrganizer().when().get(BASE + eventId + "/materials/nope/versions").then().statusCode(404)
                .contentType(PROBLEM_JSON);
        given().when().get(BASE + "a..b/materials").then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void onlyOrganizersUpload() {
        String eventId = newEvent();
        given().contentType("application/pdf").body(randomBytes(10, 57)).queryParam("fileName", "a.pdf")
                .queryParam("title", "A").when().post(BASE + eventId + "/materials").then().statusCode(401)
                .contentType(PROBLEM_JSON);
        given().auth().oauth2(StackTestResource.token("staff", null)).contentType("application/pdf")
                .body(randomBytes(10, 57)).queryParam("fileName", "a.pdf").queryParam("title", "A")
                .when().post(BASE + eventId + "/materials").then().statusCode(403).contentType(PROBLEM_JSON);
        assertNothingStored(eventId);
    }

    @Test
    void publishingADeletedMaterialIsAConflict() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(10, 58), "public");
        asOrganizer().when().delete(BASE + eventId + "/materials/" + materialId).then().statusCode(204);
        asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/publish").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "material-deleted"));
    }

    private static void assertNothingStored(String eventId) {
        assertEquals(List.of(), objectVersions("materials/" + eventId + "/"));
        assertEquals(List.of(), objectVersions("uploads/" + eventId + "/"));
        assertEquals(List.of(), itemsOfEvent(eventId));
    }
}
