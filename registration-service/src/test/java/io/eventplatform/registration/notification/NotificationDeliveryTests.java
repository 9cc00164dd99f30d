package io.eventplatform.registration.notification;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.eventplatform.shared.ticket.TicketVerifier;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attendee email end to end with the sender running as in production: the change and its
 * notification written in one transaction, the feed (or the sweep) sending it through the real
 * SMTP server of the embedded stack, read back from its mailbox.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class NotificationDeliveryTests {

    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @Inject
    TicketVerifier verifier;

    @Test
    void registeringSendsExactlyOneConfirmationWhoseQrIsTheTicketAndACalendarEntry() throws Exception {
        String eventId = publishedEvent(5);
        String[] ada = registered(eventId, "Ada", "ada.confirm@example.org");

        MimeMessage mail = awaitMessages("ada.confirm@example.org", 1).get(0);

        assertTrue(mail.getSubject().startsWith("Your ticket for Test event"), mail.getSubject());
        List<Part> parts = Mailbox.parts(mail);
        Part qr = parts.stream().filter(p -> Mailbox.isType(p, "image/png")).findFirst().orElseThrow();
        assertEquals("<" + MessageComposer.QR_CONTENT_ID + ">", Mailbox.header(qr, "Content-ID"));
        String html = parts.stream().filter(p -> Mailbox.isType(p, "text/html")).map(p -> text(p)).findFirst().orElseThrow();
        assertTrue(html.contains("cid:" + MessageComposer.QR_CONTENT_ID), "the HTML shows the inline QR code");
        String decoded = decodeQr(Mailbox.bytes(qr));
        assertEquals(ada[0], verifier.verify(decoded).registrationId(), "the QR code is this registration's ticket");
        given().header("X-Ticket", decoded).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("registrationId", equalTo(ada[0]));
        String plain = parts.stream().filter(p -> Mailbox.isType(p, "text/plain")).map(p -> text(p)).findFirst().orElseThrow();
        assertTrue(plain.contains("#ticket=" + decoded), "the ticket link carries the token in its fragment");
        assertFalse(plain.contains("?ticket=") || html.contains("?ticket="), "no ticket token in a query string");

        Part ics = parts.stream().filter(p -> Mailbox.isType(p, "text/calendar")).findFirst().orElseThrow();
        assertValidCalendar(new String(Mailbox.bytes(ics), StandardCharsets.UTF_8), eventId, ada[0]);

        Thread.sleep(1500);
        assertEquals(1, Mailbox.messages("ada.confirm@example.org").size(), "exactly one email");
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/" + ada[0] + "/notifications")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].key", equalTo("confirmation-1"))
                .body("[0].state", equalTo("sent")).body("[0].attempts", equalTo(1));
    }

    @Test
    void cancellingASeatSendsThePromotedAttendeeExactlyOneSeatEmail() throws Exception {
        String eventId = publishedEvent(1);
        String[] seated = registered(eventId, "Seated", "seated.promo@example.org");
        registered(eventId, "First", "first.promo@example.org");
        registered(eventId, "Second", "second.promo@example.org");
        assertEquals(List.of("You are on the waitlist for " + eventName(eventId)), awaitSubjects("first.promo@example.org", 1));
        assertTrue(text(Mailbox.parts(Mailbox.messages("second.promo@example.org").isEmpty()
                ? awaitMessages("second.promo@example.org", 1).get(0) : Mailbox.messages("second.promo@example.org").get(0))
                .stream().filter(p -> Mailbox.isType(p, "text/plain")).findFirst().orElseThrow()).contains("number 2"));

        given().header("X-Ticket", seated[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200);

        assertEquals(List.of("You are on the waitlist for " + eventName(eventId), "You have a seat at " + eventName(eventId)),
                awaitSubjects("first.promo@example.org", 2));
        assertEquals(List.of("Your ticket for " + eventName(eventId),
                "Your registration for " + eventName(eventId) + " is cancelled"), awaitSubjects("seated.promo@example.org", 2));
        Thread.sleep(1500);
        assertEquals(2, Mailbox.messages("first.promo@example.org").size(), "exactly one 'you have a seat'");
        assertEquals(1, Mailbox.messages("second.promo@example.org").size(), "the second in line still waits");
    }

    @Test
    void aReissuedTicketIsMailedAndAResendGoesOutAgainWithTheCurrentTicket() throws Exception {
        String eventId = publishedEvent(5);
        String[] bea = registered(eventId, "Bea", "bea.reissue@example.org");
        awaitMessages("bea.reissue@example.org", 1);

        String newTicket = given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + bea[0] + "/ticket")
                .then().statusCode(200).extract().path("ticket");
        MimeMessage reissued = awaitMessages("bea.reissue@example.org", 2).get(1);
        assertEquals("Your new ticket for " + eventName(eventId), reissued.getSubject());
        assertEquals(2, verifier.verify(qrOf(reissued)).version());

        given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + bea[0] + "/notifications/confirmation-1/resend")
                .then().statusCode(202).body("state", equalTo("pending")).body("resends", equalTo(1));
        MimeMessage resent = awaitMessages("bea.reissue@example.org", 3).get(2);
        assertEquals("Your ticket for " + eventName(eventId), resent.getSubject());
        String resentTicket = qrOf(resent);
        assertEquals(verifier.verify(newTicket).version(), verifier.verify(resentTicket).version(),
                "a resend carries the current ticket, not the revoked one");

        given().auth().oauth2(organizer())
                .get(PREFIX + "/events/" + eventId + "/registrations/" + bea[0] + "/notifications")
                .then().statusCode(200).body("key", equalTo(List.of("confirmation-1", "reissued-2")));
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/notifications/failures")
                .then().statusCode(200).body("failed", equalTo(0));
        given().auth().oauth2(organizer())
                .post(PREFIX + "/events/" + eventId + "/registrations/" + bea[0] + "/notifications/promoted-1/resend")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void mailSentWhileTheMailServerIsDownGoesOutOnceItIsBack() throws Exception {
        String eventId = publishedEvent(5);
        var stack = StackTestResource.stack();
        stack.stopMailServer();
        String[] cy;
        try {
            cy = registered(eventId, "Cy", "cy.outage@example.org");
            // Attempts fail and back off while it is away.
            await().atMost(DELIVERY).until(() -> given().auth().oauth2(organizer())
                    .get(PREFIX + "/events/" + eventId + "/registrations/" + cy[0] + "/notifications")
                    .then().extract().<Integer>path("[0].attempts") >= 2);
            given().auth().oauth2(organizer())
                    .get(PREFIX + "/events/" + eventId + "/registrations/" + cy[0] + "/notifications")
                    .then().body("[0].state", equalTo("pending"))
                    .body("[0].lastError", org.hamcrest.Matchers.containsString("onnect"));
        } finally {
            stack.startMailServer();
        }
        awaitMessages("cy.outage@example.org", 1);
        Thread.sleep(1500);
        assertEquals(1, Mailbox.messages("cy.outage@example.org").size());
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/" + cy[0] + "/notifications")
                .then().body("[0].state", equalTo("sent"));
    }

    @Test
    void notificationEndpointsAreForOrganizersAndAnswerProblemsForUnknownThings() {
        String eventId = publishedEvent(5);
        given().get(PREFIX + "/events/" + eventId + "/notifications/failures").then().statusCode(401);
        given().auth().oauth2(organizer()).get(PREFIX + "/events/no-such-event/notifications/failures")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/registrations/nobody/notifications")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static String eventName(String eventId) {
        return given().get(PREFIX + "/events/" + eventId).then().statusCode(200).extract().path("name");
    }

    private static List<MimeMessage> awaitMessages(String address, int count) {
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200)).until(() -> Mailbox.messages(address).size() >= count);
        return Mailbox.messages(address);
    }

    private static List<String> awaitSubjects(String address, int count) {
        return awaitMessages(address, count).stream().map(Mailbox::subject).toList();
    }

    private static String qrOf(MimeMessage mail) throws Exception {
        Part qr = Mailbox.parts(mail).stream().filter(p -> Mailbox.isType(p, "image/png")).findFirst().orElseThrow();
        return decodeQr(Mailbox.bytes(qr));
    }

    private static String text(Part part) {
        return new String(Mailbox.bytes(part), StandardCharsets.UTF_8);
    }

    private static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    /** RFC 5545's shape: CRLF lines, one VEVENT in a VCALENDAR, the event's times in UTC and its venue. */
    private static void assertValidCalendar(String ics, String eventId, String registrationId) {
        assertTrue(ics.endsWith("\r\n"));
        List<String> lines = Arrays.asList(ics.split("\r\n"));
        lines.forEach(line -> assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line));
        assertEquals("BEGIN:VCALENDAR", lines.get(0));
        assertEquals("END:VCALENDAR", lines.get(lines.size() - 1));
        assertTrue(lines.contains("VERSION:2.0"));
        assertEquals(1, lines.stream().filter("BEGIN:VEVENT"::equals).count());
        assertTrue(lines.contains("LOCATION:Hall 1"));
        assertTrue(lines.contains("UID:" + registrationId + "@event-platform"));
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        Instant startsAt = Instant.parse(given().get(PREFIX + "/events/" + eventId).then().extract().path("startsAt"));
        String dtstart = lines.stream().filter(l -> l.startsWith("DTSTART:")).findFirst().orElseThrow();
        assertEquals("DTSTART:" + utc.format(startsAt), dtstart);
        assertNotNull(lines.stream().filter(l -> l.startsWith("DTEND:")).findFirst().orElse(null));
    }
}
