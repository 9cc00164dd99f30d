package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.checkin.checkin.CheckInRepository;
import io.eventplatform.checkin.checkin.ScanOutcome;
import io.eventplatform.checkin.checkin.ScanWrite;
import io.eventplatform.checkin.checkin.WriteOutcome;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A lost ticket that was re-issued admits nobody, at a kiosk or a staff desk, and changes
 * nothing; an expired ticket and one signed by an unknown key admit nobody either.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class TicketRevocationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PROBLEMS = "https://eventplatform.dev/problems/";

    @Inject
    CheckInRepository repository;

    private static ValidatableResponse restScan(String eventId, String bearer, String ticket, String direction) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON)
                .body(Map.of("ticket", ticket, "direction", direction))
                .when().post("/api/checkin/events/{eventId}/scans", eventId).then();
    }

    private static JsonNode kioskScan(SocketClient kiosk, String requestId, String ticket, String direction)
            throws InterruptedException {
        kiosk.send(SocketTestSupport.scan(requestId, ticket, direction));
        return kiosk.next(m -> "scan_result".equals(m.path("type").asText())
                && requestId.equals(m.path("requestId").asText()), WAIT).path("result");
    }

    private static boolean checkedIn(RegistrationItem registration) {
        return Fixtures.item(registration.registrationId(), registration.eventId())
                .containsKey(RegistrationItem.CHECKED_IN_AT);
    }

    @Test
    void aReissuedTicketsLostPredecessorIsRefusedAtKiosksAndDesksAndChangesNothing() throws Exception {
        String eventId = Fixtures.event("Lost ticket");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String lost = Fixtures.ticket(ada);
        String reissued = Fixtures.reissue(ada);
        String statusBefore = Fixtures.item(ada.registrationId(), eventId).get(TableSchema.CHECK_IN_STATUS).s();

        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "north"))) {
            kiosk.next(type("welcome"), WAIT);
            JsonNode refused = kioskScan(kiosk, "lost-1", lost, "entry");
            assertEquals("ticket_revoked", refused.path("outcome").asText());
            assertEquals(ada.registrationId(), refused.path("registrationId").asText());
            assertTrue(refused.path("attendeeName").isMissingNode(), "no name for whoever holds a lost ticket");

            restScan(eventId, Fixtures.staffToken(), lost, "entry").statusCode(422)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "ticket-revoked"));
            restScan(eventId, Fixtures.kioskToken(eventId, "south"), lost, "entry").statusCode(422)
                    .body("type", equalTo(PROBLEMS + "ticket-revoked"));
            assertFalse(checkedIn(ada), "a refused scan checks nobody in");
            assertEquals(statusBefore, Fixtures.item(ada.registrationId(), eventId).get(TableSchema.CHECK_IN_STATUS).s());

            assertEquals("checked_in", kioskScan(kiosk, "new-1", reissued, "entry").path("outcome").asText());
            // Once inside, the lost ticket cannot walk the attendee out (or back in) either.
            assertEquals("ticket_revoked", kioskScan(kiosk, "lost-2", lost, "exit").path("outcome").asText());
            assertEquals("exited", kioskScan(kiosk, "new-2", reissued, "exit").path("outcome").asText());
        }
        given().auth().oauth2(Fixtures.staffToken()).get("/api/checkin/events/{eventId}/counts", eventId).then()
                .statusCode(200).body("checkedIn", equalTo(1)).body("inside", equalTo(0));
    }

    @Test
    void aReissueBetweenTheScansReadAndItsWriteFailsTheWrite() {
        String eventId = Fixtures.event("Race");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        var readBeforeTheReissue = repository.find(eventId, ada.registrationId()).orElseThrow();
        Fixtures.reissue(ada);

        WriteOutcome outcome = repository.checkIn(readBeforeTheReissue, new ScanWrite(Instant.now(), "north", "kiosk-1",
                "kiosk-1/race-1", ScanOutcome.CHECKED_IN, RegistrationItem.FIRST_TICKET_VERSION));

        WriteOutcome.Stale stale = assertInstanceOf(WriteOutcome.Stale.class, outcome);
        assertEquals(2, stale.current().registration().ticketVersion());
        assertFalse(checkedIn(ada));
    }

    @Test
    void anExpiredTicketIsRefusedAsExpired() throws Exception {
        String eventId = Fixtures.event("Expired");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        Instant lastYear = Instant.now().minus(Duration.ofDays(365));
        String expired = Fixtures.ticket(new TicketToken(ada.registrationId(), eventId, 1, lastYear,
                lastYear.plus(Duration.ofDays(1))), StackTestResource.stack().ticketKeys().keyPair());

        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "north"))) {
            kiosk.next(type("welcome"), WAIT);
            assertEquals("ticket_expired", kioskScan(kiosk, "old-1", expired, "entry").path("outcome").asText());
        }
        restScan(eventId, Fixtures.staffToken(), expired, "entry").statusCode(422)
                .body("type", equalTo(PROBLEMS + "ticket-expired"));
        assertFalse(checkedIn(ada));
    }

    @Test
    void aTicketSignedByAKeyWeDoNotKnowIsInvalid() throws Exception {
        String eventId = Fixtures.event("Unknown kid");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        var foreign = KeyPairFiles.tickets(java.nio.file.Files.createTempDirectory("foreign-ticket-keys")).keyPair();
        Instant now = Instant.now();
        String forged = Fixtures.ticket(new TicketToken(ada.registrationId(), eventId, 1, now, now.plusSeconds(3600)),
                foreign);

        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "north"))) {
            kiosk.next(type("welcome"), WAIT);
            JsonNode refused = kioskScan(kiosk, "forged-1", forged, "entry");
            assertEquals("invalid_ticket", refused.path("outcome").asText());
            assertNull(refused.get("registrationId"));
        }
        restScan(eventId, Fixtures.staffToken(), forged, "entry").statusCode(422)
                .body("type", equalTo(PROBLEMS + "invalid-ticket"));
        assertFalse(checkedIn(ada));
    }
}
