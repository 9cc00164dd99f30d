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

    @Test
    void theTicketFromRegistrationReadsTheRegistrationAndVerifiesWithThePublicKey() {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada@example.org");

        given().header("X-Ticket", ada[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("registrationId", equalTo(ada[0])).body("eventId", equalTo(eventId))
                .body("attendeeName", equalTo("Ada")).body("status", equalTo("confirmed"));
        TicketToken token = TicketCodec.verify(ada[1], StackTestResource.stack().ticketKeys().keyPair().getPublic());
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
        String forged = TicketCodec.sign(new TicketToken(ada[0], eventId, Instant.now()), foreign.keyPair().getPrivate());

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
        assertEquals(ada[1], new QRCodeReader().decode(bitmap).getText());
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

        String reissued = given().auth().oauth2(organizer())
                .get(PREFIX + "/events/" + eventId + "/registrations/" + ada[0] + "/ticket")
                .then().statusCode(200).extract().path("ticket");

        given().header("X-Ticket", reissued).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("registrationId", equalTo(ada[0]));
    }
}
