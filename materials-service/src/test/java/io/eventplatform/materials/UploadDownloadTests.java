package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.confirmedRegistration;
import static io.eventplatform.materials.MaterialsStage.fetch;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.sha256;
import static io.eventplatform.materials.MaterialsStage.ticket;
import static io.eventplatform.materials.MaterialsStage.upload;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class UploadDownloadTests {

    @Test
    void uploadedFileIsListedAndDownloadsByteForByteThroughAPresignedLink() {
        String eventId = newEvent();
        byte[] slides = randomBytes(700_000, 1);
        String materialId = upload(eventId, slides, "application/pdf", "Keynote 2026.pdf", "Keynote", "attendees")
                .statusCode(201)
                .header("Location", containsString(BASE + eventId + "/materials/"))
                .body("size", equalTo(700_000))
                .body("sha256", equalTo(sha256(slides)))
                .body("fileName", equalTo("Keynote 2026.pdf"))
                .body("visibility", equalTo("attendees"))
                .body("published", equalTo(false))
                .extract().path("materialId");
        publish(eventId, materialId);
        String ticket = ticket(confirmedRegistration(eventId), eventId);

        given().header("X-Ticket", ticket).when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(materialId))
                .body("[0].uploadedBy", nullValue());
        String url = given().header("X-Ticket", ticket)
                .when().get(BASE + eventId + "/materials/" + materialId + "/download").then().statusCode(200)
                .body("via", equalTo("presigned"))
                .body("expiresAt", notNullValue())
                .body("sha256", equalTo(sha256(slides)))
                .extract().path("url");

        var download = fetch(url);
        assertEquals(200, download.statusCode());
        assertArrayEquals(slides, download.body(), "the bytes downloaded are the bytes uploaded");
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").contains("Keynote%202026.pdf"));
    }

    @Test
    void fileLargerThanOnePartStreamsUpInPartsAndComesBackWhole() {
        String eventId = newEvent();
        byte[] recording = randomBytes(11 * 1024 * 1024 + 17, 7);
        String materialId = upload(eventId, recording, "video/mp4", "talk.mp4", "Talk recording", "public")
                .statusCode(201)
                .body("size", equalTo(recording.length))
                .body("sha256", equalTo(sha256(recording)))
                .extract().path("materialId");
        assertEquals(1, objectVersions(materialItem(eventId, materialId).objectKey()).size(),
                "the parts complete into one object version");
        String url = asOrganizer().when().get(BASE + eventId + "/materials/" + materialId + "/download").then()
                .statusCode(200).extract().path("url");
        assertArrayEquals(recording, fetch(url).body());
    }

    @Test
    void metadataItemDescribesTheObjectVersionInTheBucket() {
        String eventId = newEvent();
        byte[] map = randomBytes(12_345, 2);
        String materialId = upload(eventId, map, "image/png", "venue-map.png", "Venue map", "public")
                .statusCode(201).extract().path("materialId");

        MaterialItem item = materialItem(eventId, materialId);
        assertEquals(12_345, item.size());
        assertEquals(sha256(map), item.sha256());
        assertEquals("image/png", item.contentType());
        assertTrue(item.uploadedBy().startsWith("organizer-"));
        assertEquals(1, item.versions().size());
        assertEquals(List.of(item.objectKey() + "@" + item.versionId()), objectVersions(item.objectKey()));
        assertFalse(item.objectKey().contains("venue-map"), "file names never shape object keys");
    }

    @Test
    void anonymousReadersSeeOnlyPublishedPublicMaterialsWhileOrganizersSeeAll() {
        String eventId = newEvent();
        String publicMap = uploadPdf(eventId, randomBytes(1000, 3), "public");
        String attendeeSlides = uploadPdf(eventId, randomBytes(1000, 4), "attendees");
        String draft = uploadPdf(eventId, randomBytes(1000, 5), "public");
        publish(eventId, publicMap);
        publish(eventId, attendeeSlides);

        given().when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(publicMap));
        asOrganizer().when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("materialId", containsInAnyOrder(publicMap, attendeeSlides, draft));
        given().when().get(BASE + eventId + "/materials/" + draft + "/download").then().statusCode(404)
                .contentType("application/problem+json");
        byte[] bytes = fetch(given().when().get(BASE + eventId + "/materials/" + publicMap + "/download").then()
                .statusCode(200).extract().path("url")).body();
        assertArrayEquals(randomBytes(1000, 3), bytes);
    }

    @Test
    void unpublishingHidesTheMaterialFromAttendeesAgain() {
        String eventId = newEvent();
        String materialId = uploadPdf(eventId, randomBytes(1000, 6), "public");
        publish(eventId, materialId);
        asOrganizer().when().post(BASE + eventId + "/materials/" + materialId + "/unpublish").then().statusCode(200)
                .body("published", equalTo(false));
        given().when().get(BASE + eventId + "/materials").then().statusCode(200).body("$", empty());
    }
}
