package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.fetch;
import static io.eventplatform.materials.MaterialsStage.materialItem;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.objectVersions;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.sha256;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class VersioningTests {

    @Test
    void replacedMaterialListsBothVersionsAndTheOlderOneCanBeRestored() {
        String eventId = newEvent();
        byte[] draft = randomBytes(5000, 10);
        byte[] fin = randomBytes(7000, 11);
        String materialId = uploadPdf(eventId, draft, "public");
        publish(eventId, materialId);
        String path = BASE + eventId + "/materials/" + materialId;

        asOrganizer().contentType("application/pdf").body(fin).queryParam("fileName", "slides-final.pdf")
                .when().post(path + "/versions").then().statusCode(201)
                .body("sha256", equalTo(sha256(fin)))
                .body("fileName", equalTo("slides-final.pdf"))
                .body("published", equalTo(true));

        JsonPath versions = asOrganizer().when().get(path + "/versions").then().statusCode(200)
                .body("$", hasSize(2))
                .body("current", contains(true, false))
                .body("size", contains(7000, 5000))
                .body("sha256", contains(sha256(fin), sha256(draft)))
                .body("createdBy", contains(startsWith("organizer-"), startsWith("organizer-")))
                .body("createdAt", contains(notNullValue(), notNullValue()))
                .extract().jsonPath();
        String olderVersion = versions.getString("[1].versionId");
        assertArrayEquals(fin, download(path));

        asOrganizer().when().post(path + "/versions/" + olderVersion + "/restore").then().statusCode(200)
                .body("sha256", equalTo(sha256(draft)))
                .body("fileName", equalTo("slides.pdf"));
        asOrganizer().when().get(path + "/versions").then().statusCode(200)
                .body("$", hasSize(3))
                .body("[0].current", equalTo(true))
                .body("[0].restoredFrom", equalTo(olderVersion))
                .body("[0].sha256", equalTo(sha256(draft)));
        assertArrayEquals(draft, download(path), "after the restore the older bytes are served again");
    }

    @Test
    void deletingLeavesADeleteMarkerKeepsTheHistoryAndARestoreBringsItBack() {
        String eventId = newEvent();
        byte[] bytes = randomBytes(3000, 12);
        String materialId = uploadPdf(eventId, bytes, "public");
        publish(eventId, materialId);
        String path = BASE + eventId + "/materials/" + materialId;
        String firstVersion = materialItem(eventId, materialId).versionId();

        asOrganizer().when().delete(path).then().statusCode(204);

        asOrganizer().when().get(path + "/versions").then().statusCode(200)
                .body("deleteMarker", contains(true, false))
                .body("[1].versionId", equalTo(firstVersion));
        given().when().get(BASE + eventId + "/materials").then().statusCode(200).body("$", empty());
        given().when().get(path + "/download").then().statusCode(404);
        asOrganizer().when().get(BASE + eventId + "/materials").then().statusCode(200)
                .body("[0].deletedAt", notNullValue())
                .body("[0].published", equalTo(false));
        MaterialItem deleted = materialItem(eventId, materialId);
        List<String> underneath = objectVersions(deleted.objectKey());
        assertEquals(2, underneath.size(), "one content version and one delete marker: " + underneath);

        asOrganizer().when().post(path + "/versions/" + firstVersion + "/restore").then().statusCode(200)
                .body("deletedAt", equalTo(null));
        publish(eventId, materialId);
        assertArrayEquals(bytes, fetch(given().when().get(path + "/download").then().statusCode(200)
                .extract().path("url")).body());
    }

    @Test
    void restoringAVersionIdOfAnotherMaterialIsRefusedAndChangesNothing() {
        String eventId = newEvent();
        String agenda = uploadPdf(eventId, randomBytes(100, 13), "attendees");
        String slides = uploadPdf(eventId, randomBytes(200, 14), "attendees");
        String slidesVersion = materialItem(eventId, slides).versionId();
        MaterialItem before = materialItem(eventId, agenda);

        asOrganizer().when().post(BASE + eventId + "/materials/" + agenda + "/versions/" + slidesVersion + "/restore")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://eventplatform.dev/problems/version-not-found"));

        assertEquals(before, materialItem(eventId, agenda));
        assertEquals(1, objectVersions(before.objectKey()).size());
    }

    private static byte[] download(String path) {
        String url = asOrganizer().when().get(path + "/download").then().statusCode(200).extract().path("url");
        return fetch(url).body();
    }
}
