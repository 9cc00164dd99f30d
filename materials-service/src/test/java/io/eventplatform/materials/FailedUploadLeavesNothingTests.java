package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.itemsOfEvent;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.organizer;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.sha256;
import static io.eventplatform.materials.MaterialsStage.stack;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class FailedUploadLeavesNothingTests {

    @TestHTTPResource("/")
    URL service;

    @Test
    void bytesThatFailTheirDeclaredChecksumAreRemovedFromTheBucketAndNothingIsRecorded() {
        String eventId = newEvent();
        byte[] bytes = randomBytes(300_000, 40);

        asOrganizer().contentType("application/pdf").body(bytes).queryParam("fileName", "agenda.pdf")
                .queryParam("title", "Agenda").queryParam("sha256", sha256(new byte[] { 9 }))
                .when().post(BASE + eventId + "/materials").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://eventplatform.dev/problems/checksum-mismatch"));

        assertEquals(List.of(), objectVersions("materials/" + eventId + "/"), "no orphan object version");
        assertEquals(List.of(), itemsOfEvent(eventId), "no metadata, no index entry");
    }

    @Test
    void aClientThatHangsUpMidUploadLeavesNeitherObjectNorMetadata() throws Exception {
        String eventId = newEvent();
        hangUpAfter(eventId, 1_000_000, 400_000);
        assertStaysEmpty(eventId);
    }

    @Test
    void aClientThatHangsUpAfterSomePartsWentUpLeavesNoObjectAndNoUnfinishedMultipartUpload() throws Exception {
        String eventId = newEvent();
        // 8 MiB parts: the first part reaches S3, the second never completes.
        hangUpAfter(eventId, 11 * 1024 * 1024, 9 * 1024 * 1024);
        assertStaysEmpty(eventId);
        var unfinished = stack().s3().listMultipartUploads(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET)
                .prefix("materials/" + eventId + "/")).uploads();
        assertEquals(List.of(), unfinished, "the multipart upload was aborted");
    }

    private void hangUpAfter(String eventId, int declared, int sent) throws Exception {
        try (Socket socket = new Socket(service.getHost(), service.getPort())) {
            OutputStream out = socket.getOutputStream();
            String head = "POST " + BASE + eventId + "/materials?fileName=agenda.pdf&title=Agenda HTTP/1.1\r\n"
                    + "Host: " + service.getHost() + "\r\n"
                    + "Authorization: Bearer " + organizer() + "\r\n"
                    + "Content-Type: application/pdf\r\n"
                    + "Content-Length: " + declared + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(sent, 41));
            out.flush();
            Thread.sleep(500);
        }
    }

    /** The server notices the closed connection while streaming to S3; it must clean up, not half-write. */
    private static void assertStaysEmpty(String eventId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            assertEquals(List.of(), objectVersions("materials/" + eventId + "/"));
            Thread.sleep(200);
        }
        assertEquals(List.of(), itemsOfEvent(eventId));
    }

    @Test
    void aFailedNewVersionLeavesTheCurrentVersionAndHistoryAsTheyWere() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(1000, 42), "attendees");
        MaterialItem before = materialItem(eventId, materialId);

        asOrganizer().contentType("application/pdf").body(randomBytes(2000, 43)).queryParam("fileName", "v2.pdf")
                .queryParam("sha256", sha256(new byte[] { 7 }))
                .when().post(BASE + eventId + "/materials/" + materialId + "/versions").then().statusCode(422);
        asOrganizer().contentType("application/zip").body(randomBytes(2000, 44)).queryParam("fileName", "v2.zip")
                .when().post(BASE + eventId + "/materials/" + materialId + "/versions").then().statusCode(415);

        assertEquals(before, materialItem(eventId, materialId));
        assertEquals(List.of(before.objectKey() + "@" + before.versionId()), objectVersions(before.objectKey()));
    }
}
