package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.confirmedRegistration;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.ticket;
import static io.eventplatform.materials.MaterialsStage.uploadPdf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** ETags and 304s on material listings; only the anonymous listing may sit in a shared cache (issue #14). */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class MaterialListingCachingTests {

    @Test
    void theAnonymousListingIsPublicBrieflyAnd304UntilAMaterialIsPublished() {
        String eventId = newEvent();
        publish(eventId, uploadPdf(eventId, randomBytes(800, 80), "public"));
        String path = BASE + eventId + "/materials";
        String etag = given().when().get(path).then().statusCode(200).body("$", hasSize(1))
                .header("Cache-Control", equalTo("public, max-age=30"))
                .header("Vary", containsString("X-Ticket")).extract().header("ETag");

        given().header("If-None-Match", etag).when().get(path).then().statusCode(304)
                .header("ETag", equalTo(etag)).body(emptyString());

        publish(eventId, uploadPdf(eventId, randomBytes(900, 81), "public"));
        String after = given().header("If-None-Match", etag).when().get(path).then().statusCode(200)
                .body("$", hasSize(2)).extract().header("ETag");
        assertNotEquals(etag, after);
    }

    @Test
    void aTicketHoldersListingIsNeverStoredAndDiffersFromTheAnonymousOne() {
        String eventId = newEvent();
        publish(eventId, uploadPdf(eventId, randomBytes(700, 82), "public"));
        publish(eventId, uploadPdf(eventId, randomBytes(700, 83), "attendees"));
        String ticket = ticket(confirmedRegistration(eventId), eventId);
        String path = BASE + eventId + "/materials";

        String anonymous = given().when().get(path).then().statusCode(200).body("$", hasSize(1)).extract()
                .header("ETag");
        String withTicket = given().header("X-Ticket", ticket).when().get(path).then().statusCode(200)
                .body("$", hasSize(2)).header("Cache-Control", equalTo("private, no-store")).extract().header("ETag");
        assertNotEquals(anonymous, withTicket, "each answer has its own validator");
        given().header("X-Ticket", ticket).header("If-None-Match", withTicket).when().get(path).then().statusCode(304)
                .header("Cache-Control", equalTo("private, no-store"));
        asOrganizer().header("If-None-Match", withTicket).when().get(path).then().statusCode(200)
                .header("Cache-Control", equalTo("private, no-store"));
    }
}
