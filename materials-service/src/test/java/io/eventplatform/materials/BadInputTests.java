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
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    void fileOverTheDirectUploadLimitIs413BeforeItsBodyIsSent() throws Exception {
        String eventId = newEvent();
        // %test limits: 12 MiB through the API, 16 MiB at all. The refusal comes from the headers alone.
        String response = headersOnly("POST " + BASE + eventId + "/materials?fileName=big.pdf&title=Big HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + organizer() + "\r\n"
                + "Content-Type: application/pdf\r\nContent-Length: " + (12 * 1024 * 1024 + 1) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("application/problem+json"), response);
        assertTrue(response.contains(PROBLEMS + "payload-too-large"), response);
        asOrganizer().contentType("application/json").body(Map.of("title", "Huge", "fileName", "huge.mp4",
                "contentType", "video/mp4", "size", 17 * 1024 * 1024)).when().post(BASE + eventId + "/uploads")
                .then().statusCode(413).contentType(PROBLEM_JSON)
                .body("type", equalTo(PROBLEMS + "payload-too-large"));
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

    /** Sends a request head and no body; returns what the server answered. */
    private String headersOnly(String head) throws Exception {
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[8192];
            int n = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }

    private static void assertNothingStored(String eventId) {
        assertEquals(List.of(), objectVersions("materials/" + eventId + "/"));
        assertEquals(List.of(), objectVersions("uploads/" + eventId + "/"));
        assertEquals(List.of(), itemsOfEvent(eventId));
    }
}
