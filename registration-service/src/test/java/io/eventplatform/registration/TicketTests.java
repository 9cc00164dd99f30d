package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class TicketTests {

    private static final String INVALID_TICKET = "https://eventplatform.dev/problems/invalid-ticket";
    private static final String TICKET_REVOKED = "https://eventplatform.dev/problems/ticket-revoked";
    private static final String TICKET_EXPIRED = "https://eventplatform.dev/problems/ticket-expired";

    @Test
    void theTicketFromRegistrationReadsTheRegistrationAndVerifiesWithThePublicKey() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("registrationId", equalTo(ada[0])).body("eventId", equalTo(eventId))
                .body("attendeeName", equalTo("Ada")).body("status", equalTo("confirmed"));
        TicketToken token = TicketCodec.verify(ada[1], stackKeys());
        assertEquals(ada[0], token.registrationId());
        assertEquals(eventId, token.eventId());
        assertTrue(ada[1].length() < 400, "compact enough for a small QR code: " + ada[1].length());
    }

    @Test
    void aTamperedTicketIsRejected() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");
        String[] eve = registered(eventId, "Eve", "eve@example.org");
        String[] parts = ada[1].split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(ada[0], eve[0]);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];

        given().header("X-Ticket", tampered).get(PREFIX + "/tickets/me").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo(INVALID_TICKET));
        given().header("X-Ticket", tampered).post(PREFIX + "/tickets/me/cancel").then().statusCode(401);
        given().header("X-Ticket", eve[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("status", equalTo("confirmed"));
    }

    @Test
    void aTicketSignedWithAnotherKeyIsRejected() throws Exception {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");
        KeyPairFiles foreign = KeyPairFiles.tickets(Files.createTempDirectory("foreign-ticket-keys"));
        String forged = TicketCodec.sign(new TicketToken(ada[0], eventId, 1, Instant.now(), Instant.now().plusSeconds(3600)),
                foreign.keyPair().getPrivate(), TicketCodec.keyId(foreign.keyPair().getPublic()));

        given().header("X-Ticket", forged).post(PREFIX + "/tickets/me/cancel").then().statusCode(401)
                .body("type", equalTo(INVALID_TICKET));
        given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me").then().body("status", equalTo("confirmed"));
    }

    @Test
    void aMissingTicketIsRejected() {
        given().get(PREFIX + "/tickets/me").then().statusCode(401).body("type", equalTo(INVALID_TICKET));
        given().get(PREFIX + "/tickets/me/qr.png").then().statusCode(401);
    }

    @Test
    void theQrPngDecodesBackToTheTicket() throws Exception {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        byte[] png = given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me/qr.png?scale=4").then()
                .statusCode(200).contentType("image/png").extract().asByteArray();

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        // A rendered code, not a photo: decode it as the pure barcode it is (the default finder pattern
        // search missed it now and then for some ticket contents).
        assertEquals(ada[1], new QRCodeReader().decode(bitmap,
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText());
    }

    @Test
    void theQrSvgIsAScalableImageOfTheTicket() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        String svg = given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me/qr.svg").then().statusCode(200)
                .contentType(startsWith("image/svg+xml")).extract().asString();

        assertTrue(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains("<path fill=\"#000\" d=\"M"));
    }

    @Test
    void anOrganizerReissuesALostTicket() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        String reissued = reissue(eventId, ada[0]);

        given().header("X-Ticket", reissued).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("registrationId", equalTo(ada[0]));
    }

    @Test
    void reissuedTicketRevokesTheLostOne() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");
        String lost = ada[1];

        String reissued = reissue(eventId, ada[0]);

        for (var refused : java.util.List.of(
                given().header("X-Ticket", lost).get(PREFIX + "/tickets/me").then(),
                given().header("X-Ticket", lost).post(PREFIX + "/tickets/me/cancel").then(),
                given().header("X-Ticket", lost).get(PREFIX + "/tickets/me/qr.svg").then())) {
            refused.statusCode(401).contentType("application/problem+json").body("type", equalTo(TICKET_REVOKED));
        }
        given().header("X-Ticket", reissued).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("status", equalTo("confirmed"));
        assertEquals(2, TicketCodec.verify(reissued, stackKeys()).version());

        // Re-issuing again revokes the first re-issue too: only the newest ticket works.
        String newest = reissue(eventId, ada[0]);
        given().header("X-Ticket", reissued).post(PREFIX + "/tickets/me/cancel").then().statusCode(401)
                .body("type", equalTo(TICKET_REVOKED));
        given().header("X-Ticket", newest).post(PREFIX + "/tickets/me/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void reissuingIsAPostNotAGetThatAPrefetchCouldTrigger() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/" + ada[0] + "/ticket")
                .then().statusCode(org.hamcrest.Matchers.not(200));
        given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me").then().statusCode(200);
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + eventId + "/registrations/unknown/ticket")
                .then().statusCode(404);
    }

    @Test
    void aTicketCarriesItsKeyIdVersionAndExpiresADayAfterTheEventEnds() throws Exception {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");
        Instant endsAt = java.time.OffsetDateTime.parse(given().get(PREFIX + "/events/" + eventId).then().statusCode(200)
                .extract().<String>path("endsAt")).toInstant();

        TicketToken ticket = TicketCodec.verify(ada[1], stackKeys());

        assertEquals(1, ticket.version());
        assertEquals(endsAt.plus(java.time.Duration.ofDays(1)), ticket.expiresAt());
        var jws = (org.jose4j.jws.JsonWebSignature) org.jose4j.jwx.JsonWebStructure.fromCompactSerialization(ada[1]);
        assertEquals(TicketCodec.keyId(StackTestResource.stack().ticketKeys().keyPair().getPublic()),
                jws.getKeyIdHeaderValue());
    }

    @Test
    void anExpiredTicketIsRefusedAndChangesNothing() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");
        var keys = StackTestResource.stack().ticketKeys().keyPair();
        Instant longAgo = Instant.now().minus(java.time.Duration.ofDays(30));
        String expired = TicketCodec.sign(new TicketToken(ada[0], eventId, 1, longAgo, longAgo.plusSeconds(3600)),
                keys.getPrivate(), TicketCodec.keyId(keys.getPublic()));

        given().header("X-Ticket", expired).post(PREFIX + "/tickets/me/cancel").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo(TICKET_EXPIRED));
        given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me").then().body("status", equalTo("confirmed"));
    }

    private static String reissue(String eventId, String registrationId) {
        return given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + registrationId + "/ticket")
                .then().statusCode(200).body("registrationId", equalTo(registrationId)).extract().path("ticket");
    }

    private static java.util.Map<String, java.security.PublicKey> stackKeys() {
        var key = StackTestResource.stack().ticketKeys().keyPair().getPublic();
        return java.util.Map.of(TicketCodec.keyId(key), key);
    }
}
