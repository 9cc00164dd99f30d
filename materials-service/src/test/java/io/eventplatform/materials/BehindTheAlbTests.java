package io.eventplatform.materials;

import static io.eventplatform.materials.MaterialsStage.BASE;
import static io.eventplatform.materials.MaterialsStage.asOrganizer;
import static io.eventplatform.materials.MaterialsStage.confirmedRegistration;
import static io.eventplatform.materials.MaterialsStage.newEvent;
import static io.eventplatform.materials.MaterialsStage.publish;
import static io.eventplatform.materials.MaterialsStage.randomBytes;
import static io.eventplatform.materials.MaterialsStage.sha256;
import static io.eventplatform.materials.MaterialsStage.ticket;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.eventplatform.stack.BehindTheAlb;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every absolute URL materials-service answers, as a client behind the ALB sees it: the ALB keeps
 * the client's Host and sets X-Forwarded-Proto/-Port/-For. The Location of an upload is on the
 * public host and scheme, never this instance's address; a client's own X-Forwarded-Host (which
 * the ALB passes through unchecked) changes nothing; the other links (confirm path, presigned S3
 * links) are relative or point at S3, never at the instance.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class BehindTheAlbTests {

    private static final String PUBLIC_HOST = BehindTheAlb.PUBLIC_HOST;

    /** What the ALB adds to a request that reached it over HTTPS on 443, plus a forged host. */
    private static RequestSpecification throughTheAlb(RequestSpecification request) {
        return request.headers(BehindTheAlb.headers());
    }

    private static String instance() {
        return "127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    @Test
    void anUploadBehindTheAlbIsLocatedOnThePublicHttpsHost() {
        String eventId = newEvent();
        Response created = throughTheAlb(asOrganizer()).contentType("application/pdf").body(randomBytes(2_000, 7))
                .queryParam("fileName", "map.pdf").queryParam("title", "Venue map").queryParam("visibility", "attendees")
                .when().post(BASE + eventId + "/materials");
        assertEquals(201, created.statusCode(), created.asString());
        String materialId = created.path("materialId");
        assertEquals("https://" + PUBLIC_HOST + BASE + eventId + "/materials/" + materialId, created.header("Location"));
        // The Location is somewhere the material really is (same path on the instance).
        asOrganizer().when().get(URI.create(created.header("Location")).getPath()).then().statusCode(200);
    }

    @Test
    void behindTheLocalGatewayTheLocationKeepsTheGatewaysPort() {
        String eventId = newEvent();
        Response created = asOrganizer().header("Host", "localhost:18080").header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Port", "18080").header("X-Forwarded-For", "127.0.0.1")
                .contentType("application/pdf").body(randomBytes(2_000, 8))
                .queryParam("fileName", "map.pdf").queryParam("title", "Venue map").queryParam("visibility", "attendees")
                .when().post(BASE + eventId + "/materials");
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("http://localhost:18080" + BASE + eventId + "/materials/" + created.path("materialId"),
                created.header("Location"));
    }

    @Test
    void noOtherAnswerPointsAtTheInstance() {
        String eventId = newEvent();
        byte[] handout = randomBytes(4_000, 9);
        Response ticket = throughTheAlb(asOrganizer()).contentType("application/json")
                .body(Map.of("title", "Handout", "fileName", "handout.pdf", "contentType", "application/pdf",
                        "size", handout.length, "sha256", sha256(handout), "visibility", "attendees"))
                .when().post(BASE + eventId + "/uploads");
        assertEquals(201, ticket.statusCode(), ticket.asString());
        String confirmPath = ticket.path("confirmPath");
        assertTrue(confirmPath.startsWith("/api/materials/events/" + eventId + "/uploads/"),
                "the confirm path is relative, so it resolves against whatever host the client used: " + confirmPath);
        assertFalse(ticket.asString().contains(instance()), ticket.asString());

        String materialId = MaterialsStage.uploadPdf(eventId, handout, "attendees");
        publish(eventId, materialId);
        Response link = throughTheAlb(given()).header("X-Ticket", ticket(confirmedRegistration(eventId), eventId))
                .when().get(BASE + eventId + "/materials/" + materialId + "/download");
        assertEquals(200, link.statusCode(), link.asString());
        assertFalse(link.asString().contains(instance()), link.asString());
        assertFalse(link.asString().contains(PUBLIC_HOST), "a presigned link points at S3, not at the API host");
    }
}
