package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.TokenMinter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class KioskSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void unauthenticatedKioskIsRefusedAtTheUpgrade() {
        String eventId = Fixtures.event("Refusals");
        assertEquals(401, SocketClient.refusal(SocketTestSupport.kiosk(eventId), null));
        assertEquals(401, SocketClient.refusal(SocketTestSupport.kiosk(eventId), "not-a-jwt"));
        String token = Fixtures.kioskToken(eventId, "north");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(eventId, "evt-forged");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        URI withQueryToken = URI.create(SocketTestSupport.kiosk(eventId) + "?access_token=" + tampered);
        assertEquals(401, SocketClient.refusal(withQueryToken, null));
    }

    @Test
    void kioskOfAnotherEventIsRefusedAtTheUpgrade() {
        String eventId = Fixtures.event("Bound");
        String otherEvent = Fixtures.event("Other");
        assertEquals(403, SocketClient.refusal(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(otherEvent, "n")));
        assertEquals(403, SocketClient.refusal(SocketTestSupport.kiosk(eventId), Fixtures.staffToken()));
        assertEquals(403, SocketClient.refusal(SocketTestSupport.kiosk(eventId),
                StackTestResource.token(Roles.ORGANIZER, null)));
    }

    @Test
    void kioskAuthenticatesWithHeaderOrAccessTokenQueryParameter() throws Exception {
        String eventId = Fixtures.event("Welcome");
        try (SocketClient byHeader = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "east"));
                SocketClient byQuery = SocketClient.open(URI.create(SocketTestSupport.kiosk(eventId) + "?access_token="
                        + Fixtures.kioskToken(eventId, "west")), null)) {
            JsonNode welcome = byHeader.next(type("welcome"), WAIT);
            assertEquals(eventId, welcome.path("eventId").asText());
            assertEquals("east", welcome.path("gate").asText());
            assertEquals(0, welcome.path("counts").path("checkedIn").asInt());
            assertEquals("west", byQuery.next(type("welcome"), WAIT).path("gate").asText());
        }
    }

    @Test
    void twoKiosksScanningOneTicketAtOnceGetOneCheckInAndOneAlreadyCheckedIn() throws Exception {
        String eventId = Fixtures.event("Two kiosks");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String ticket = Fixtures.ticket(ada);
        try (SocketClient north = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "north"));
                SocketClient south = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "south"))) {
            north.next(type("welcome"), WAIT);
            south.next(type("welcome"), WAIT);
            north.send(SocketTestSupport.scan("n-1", ticket, "entry"));
            south.send(SocketTestSupport.scan("s-1", ticket, "entry"));
            JsonNode fromNorth = north.next(type("scan_result"), WAIT).path("result");
            JsonNode fromSouth = south.next(type("scan_result"), WAIT).path("result");
            Set<String> outcomes = new TreeSet<>(List.of(fromNorth.path("outcome").asText(),
                    fromSouth.path("outcome").asText()));
            assertEquals(Set.of("already_checked_in", "checked_in"), outcomes);
            JsonNode second = "already_checked_in".equals(fromNorth.path("outcome").asText()) ? fromNorth : fromSouth;
            JsonNode first = second == fromNorth ? fromSouth : fromNorth;
            // The second answer says when and at which gate the first happened.
            assertEquals(first.path("gate").asText(), second.path("firstCheckIn").path("gate").asText());
            assertEquals(first.path("firstCheckIn").path("at").asText(), second.path("firstCheckIn").path("at").asText());
            assertEquals("Ada Lovelace", second.path("attendeeName").asText());
            // Both kiosks then see the live count (it may even arrive before the scan result).
            for (SocketClient kiosk : List.of(north, south)) {
                await().atMost(WAIT).until(() -> countsSeen(kiosk).contains(1));
                assertFalse(countsSeen(kiosk).stream().anyMatch(count -> count > 1));
            }
        }
    }

    private static List<Integer> countsSeen(SocketClient kiosk) {
        synchronized (kiosk.received) {
            return kiosk.received.stream().filter(m -> "counts".equals(m.path("type").asText()))
                    .map(m -> m.path("counts").path("checkedIn").asInt()).toList();
        }
    }

    @Test
    void resentRequestIdIsAnsweredNotReapplied() throws Exception {
        String eventId = Fixtures.event("Resend");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String ticket = Fixtures.ticket(ada);
        String kioskToken = Fixtures.kioskToken(eventId, "north");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken)) {
            kiosk.next(type("welcome"), WAIT);
            kiosk.send(SocketTestSupport.scan("r-1", ticket, "entry"));
            JsonNode first = kiosk.next(type("scan_result"), WAIT);
            kiosk.send(SocketTestSupport.scan("r-1", ticket, "entry"));
            JsonNode resent = kiosk.next(type("scan_result"), WAIT);
            assertEquals("r-1", resent.path("requestId").asText());
            assertEquals("checked_in", first.path("result").path("outcome").asText());
            assertEquals("checked_in", resent.path("result").path("outcome").asText());
            assertTrue(resent.path("result").path("replayed").asBoolean());
            // An exit then a resend of that exit: occupancy drops once.
            kiosk.send(SocketTestSupport.scan("r-2", ticket, "exit"));
            assertEquals("exited", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
        }
        // The same kiosk reconnecting (as to another instance) and resending still does not re-apply.
        try (SocketClient again = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken)) {
            again.next(type("welcome"), WAIT);
            again.send(SocketTestSupport.scan("r-2", ticket, "exit"));
            JsonNode resent = again.next(type("scan_result"), WAIT).path("result");
            assertEquals("exited", resent.path("outcome").asText());
            assertTrue(resent.path("replayed").asBoolean());
        }
        var counts = Attributes.of(Fixtures.counters(eventId));
        assertEquals(1L, counts.number("checked_in"));
        assertEquals(0L, counts.number("inside"));
    }

    @Test
    void aRequestIdReusedForAnotherTicketIsRefusedAndTheSecondAttendeeIsNotShownTheFirstOnesResult() throws Exception {
        String eventId = Fixtures.event("Reused id");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem grace = Fixtures.register(eventId, "Grace Hopper");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "north"))) {
            kiosk.next(type("welcome"), WAIT);
            String adasTicket = Fixtures.ticket(ada);
            kiosk.send(SocketTestSupport.scan("s-3", adasTicket, "entry"));
            assertEquals("checked_in", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());

            kiosk.send(SocketTestSupport.scan("s-3", Fixtures.ticket(grace), "entry"));
            JsonNode refused = kiosk.next(m -> "s-3".equals(m.path("requestId").asText())
                    && !"scan_result".equals(m.path("type").asText()), WAIT);
            assertEquals("error", refused.path("type").asText());
            assertTrue(refused.path("problem").path("type").asText().endsWith("/request-id-reused"));
            assertEquals(422, refused.path("problem").path("status").asInt());
            // The same ticket with the other direction is another command too.
            kiosk.send(SocketTestSupport.scan("s-3", adasTicket, "exit"));
            assertTrue(kiosk.next(type("error"), WAIT).path("problem").path("type").asText().endsWith("/request-id-reused"));
            // The true resend (the same scanned bytes) is still answered from memory.
            kiosk.send(SocketTestSupport.scan("s-3", adasTicket, "entry"));
            JsonNode resent = kiosk.next(type("scan_result"), WAIT).path("result");
            assertEquals("Ada Lovelace", resent.path("attendeeName").asText());
            assertTrue(resent.path("replayed").asBoolean());
            // Grace, scanned with a fresh id, is checked in: nothing was changed for her before.
            kiosk.send(SocketTestSupport.scan("s-4", Fixtures.ticket(grace), "entry"));
            JsonNode admitted = kiosk.next(type("scan_result"), WAIT).path("result");
            assertEquals("checked_in", admitted.path("outcome").asText());
            assertEquals("Grace Hopper", admitted.path("attendeeName").asText());
            assertFalse(admitted.path("replayed").asBoolean());
        }
        var counts = Attributes.of(Fixtures.counters(eventId));
        assertEquals(2L, counts.number("checked_in"));
        assertEquals(2L, counts.number("inside"));
    }

    @Test
    void aRequestIdReusedAtAnotherEventIsRefusedNotReplayed() throws Exception {
        String firstEvent = Fixtures.event("Reused id, day 1");
        String secondEvent = Fixtures.event("Reused id, day 2");
        RegistrationItem ada = Fixtures.register(firstEvent, "Ada Lovelace");
        RegistrationItem grace = Fixtures.register(secondEvent, "Grace Hopper");
        // One physical kiosk (one subject) re-paired to the second event.
        String subject = "kiosk-door-7-" + System.nanoTime();
        try (SocketClient dayOne = SocketClient.open(SocketTestSupport.kiosk(firstEvent), kioskToken(subject, firstEvent));
                SocketClient dayTwo = SocketClient.open(SocketTestSupport.kiosk(secondEvent), kioskToken(subject, secondEvent))) {
            dayOne.next(type("welcome"), WAIT);
            dayTwo.next(type("welcome"), WAIT);
            dayOne.send(SocketTestSupport.scan("s-3", Fixtures.ticket(ada), "entry"));
            assertEquals("checked_in", dayOne.next(type("scan_result"), WAIT).path("result").path("outcome").asText());

            dayTwo.send(SocketTestSupport.scan("s-3", Fixtures.ticket(grace), "entry"));
            JsonNode refused = dayTwo.next(m -> "s-3".equals(m.path("requestId").asText()), WAIT);
            assertEquals("error", refused.path("type").asText());
            assertTrue(refused.path("problem").path("type").asText().endsWith("/request-id-reused"));
            dayTwo.send(SocketTestSupport.scan("s-4", Fixtures.ticket(grace), "entry"));
            JsonNode admitted = dayTwo.next(type("scan_result"), WAIT).path("result");
            assertEquals("checked_in", admitted.path("outcome").asText());
            assertEquals("Grace Hopper", admitted.path("attendeeName").asText());
        }
        assertEquals(1L, Attributes.of(Fixtures.counters(secondEvent)).number("checked_in"));
    }

    private static String kioskToken(String subject, String eventId) {
        return StackTestResource.stack().tokens().mint(new TokenMinter.TokenRequest(subject, List.of(Roles.KIOSK),
                eventId, "north", Instant.now(), Duration.ofHours(1)));
    }

    @Test
    void malformedOrInvalidCommandGetsAnErrorAndTheSocketStaysOpen() throws Exception {
        String eventId = Fixtures.event("Errors");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "n"))) {
            kiosk.next(type("welcome"), WAIT);
            kiosk.send("{not json");
            JsonNode malformed = kiosk.next(type("error"), WAIT);
            assertTrue(malformed.path("problem").path("type").asText().endsWith("malformed-request"));
            kiosk.send("{\"type\":\"scan\",\"requestId\":\"bad id!\",\"ticket\":\"\",\"direction\":\"up\"}");
            JsonNode invalid = kiosk.next(type("error"), WAIT);
            List<String> fields = new ArrayList<>();
            invalid.path("problem").path("violations").forEach(v -> fields.add(v.path("field").asText()));
            assertEquals(List.of("direction", "requestId", "ticket"), fields);
            kiosk.send(SocketTestSupport.scan("ok-1", "tampered.ticket.value", "entry"));
            assertEquals("invalid_ticket", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
            kiosk.send(SocketTestSupport.scan("ok-2", Fixtures.ticket(ada), "entry"));
            assertEquals("checked_in", kiosk.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
            assertFalse(kiosk.closed.isDone());
        }
    }

    @Test
    void anOversizedKioskMessageClosesTheSocketAsTooBig() throws Exception {
        String eventId = Fixtures.event("Oversized");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "n"))) {
            kiosk.next(type("welcome"), WAIT);
            kiosk.send("{\"type\":\"scan\",\"requestId\":\"r1\",\"ticket\":\"" + "x".repeat(20_000) + "\"}");
            assertEquals(1009, kiosk.closed.get(10, java.util.concurrent.TimeUnit.SECONDS), "1009 message too big");
        }
    }

    @Test
    void theServerPingsIdleSocketsSoProxiesKeepThemOpen() throws Exception {
        String eventId = Fixtures.event("Idle");
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), Fixtures.kioskToken(eventId, "n"))) {
            kiosk.next(type("welcome"), WAIT);
            // The test profile pings every second (25 s in production, below the proxies' idle timeouts).
            await().atMost(Duration.ofSeconds(10)).until(() -> kiosk.pings.get() >= 2);
            assertFalse(kiosk.closed.isDone(), "an idle but answering socket stays open");
        }
    }
}
