package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Scans that kiosks admitted offline and sync later, over real kiosk and dashboard sockets on the real stack. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class OfflineScanTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoKiosksOfflineAdmitOneTicketTheEarliestIsTheCheckInAndTheOtherAConflict() throws Exception {
        String eventId = Fixtures.event("Offline doors");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String ticket = Fixtures.ticket(ada);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant byNorth = now.minusSeconds(240);
        Instant bySouth = now.minusSeconds(120);
        Instant byEast = now.minusSeconds(60);
        String eastToken = Fixtures.kioskToken(eventId, "east-3");
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken());
                SocketClient north = kiosk(eventId, "north-1");
                SocketClient south = kiosk(eventId, "south-2");
                SocketClient east = connected(eventId, eastToken)) {
            dashboard.next(type("snapshot"), WAIT);
            // South comes back online first: its admission is the check-in, at its scan time.
            JsonNode southResult = sync(south, "b-1", queued("s-1", ticket, bySouth)).get(0).path("result");
            assertEquals("checked_in", southResult.path("outcome").asText());
            assertEquals(bySouth.toString(), southResult.path("at").asText());
            // North scanned earlier: the earliest admission wins and south's becomes the conflict.
            JsonNode northResult = sync(north, "b-1", queued("n-1", ticket, byNorth)).get(0).path("result");
            assertEquals("checked_in", northResult.path("outcome").asText());
            assertEquals(byNorth.toString(), northResult.path("firstCheckIn").path("at").asText());
            assertEquals("north-1", northResult.path("firstCheckIn").path("gate").asText());
            assertEquals("south-2", northResult.path("conflict").path("gate").asText());
            assertEquals(bySouth.toString(), northResult.path("conflict").path("at").asText());
            // East scanned later, with Ada inside: amber, recorded as a conflict too.
            JsonNode eastResult = sync(east, "b-1", queued("e-1", ticket, byEast)).get(0).path("result");
            assertEquals("already_checked_in", eastResult.path("outcome").asText());
            assertEquals("north-1", eastResult.path("firstCheckIn").path("gate").asText());
            assertEquals("east-3", eastResult.path("conflict").path("gate").asText());
            // A resent batch (no answer came before a reconnect) changes nothing.
            JsonNode resent = sync(east, "b-1", queued("e-1", ticket, byEast)).get(0).path("result");
            assertTrue(resent.path("replayed").asBoolean());
            try (SocketClient eastAgain = connected(eventId, eastToken)) {
                JsonNode afterReconnect = sync(eastAgain, "b-2", queued("e-1", ticket, byEast)).get(0).path("result");
                assertEquals("already_checked_in", afterReconnect.path("outcome").asText());
                assertTrue(afterReconnect.path("replayed").asBoolean());
            }

            // Dashboards get one check-in and a conflict delta per losing admission, with both gates and times.
            JsonNode checkedIn = dashboard.next(m -> "checked_in".equals(m.path("kind").asText()), WAIT);
            assertEquals(bySouth.toString(), checkedIn.path("at").asText());
            JsonNode first = dashboard.next(m -> "check_in_conflict".equals(m.path("kind").asText()), WAIT);
            assertEquals("north-1", first.path("gate").asText());
            assertEquals(byNorth.toString(), first.path("at").asText());
            assertEquals("south-2", first.path("conflict").path("gate").asText());
            assertEquals(bySouth.toString(), first.path("conflict").path("at").asText());
            assertEquals(1, first.path("counts").path("checkedIn").asInt());
            assertEquals(1, first.path("counts").path("gates").path("north-1").asInt());
            assertTrue(first.path("counts").path("gates").path("south-2").isMissingNode());
            JsonNode second = dashboard.next(m -> "check_in_conflict".equals(m.path("kind").asText()), WAIT);
            assertEquals("east-3", second.path("conflict").path("gate").asText());
            assertEquals(2, second.path("counts").path("conflicts").asInt());
        }

        // Staff list them; the counters hold one check-in at north and two conflicts.
        JsonPath conflicts = given().auth().oauth2(Fixtures.staffToken())
                .get("/api/checkin/events/{e}/conflicts", eventId).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("east-3", "south-2"), conflicts.getList("conflict.gate"));
        assertEquals(List.of("north-1", "north-1"), conflicts.getList("firstCheckIn.gate"));
        assertEquals(List.of("Ada Lovelace", "Ada Lovelace"), conflicts.getList("attendeeName"));
        var counters = Attributes.of(Fixtures.counters(eventId));
        assertEquals(1L, counters.number("checked_in"));
        assertEquals(1L, counters.number("inside"));
        assertEquals(1L, counters.number("gate:north-1"));
        assertEquals(0L, counters.number("gate:south-2"));
        assertEquals(2L, counters.number("conflicts"));
        var registration = Attributes.of(Fixtures.item(ada.registrationId(), eventId));
        assertEquals(byNorth, registration.instant(RegistrationItem.CHECKED_IN_AT));
        assertEquals(2, registration.maps(RegistrationItem.CHECK_IN_CONFLICTS).size());
        // Kiosks may not read the conflict list.
        given().auth().oauth2(Fixtures.kioskToken(eventId, "north-1"))
                .get("/api/checkin/events/{e}/conflicts", eventId).then().statusCode(403);
    }

    @Test
    void tenKiosksSyncingOneTicketAtOnceLeaveOneCheckInAtTheEarliestScanAndNineConflicts() throws Exception {
        String eventId = Fixtures.event("Ten offline doors");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String ticket = Fixtures.ticket(ada);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SocketClient> kiosks = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                kiosks.add(kiosk(eventId, "gate-" + i));
            }
            // Gate i scanned Ada i seconds after gate 0; all ten come back online at the same moment.
            for (int i = 0; i < 10; i++) {
                ObjectNode command = JSON.createObjectNode().put("type", "sync").put("requestId", "b-" + i);
                command.set("scans", JSON.createArrayNode().add(queued("q-" + i, ticket, now.minusSeconds(60 - i))));
                kiosks.get(i).send(JSON.writeValueAsString(command));
            }
            int checkedIn = 0;
            for (SocketClient kiosk : kiosks) {
                JsonNode result = kiosk.next(type("sync_result"), WAIT).path("results").get(0).path("result");
                assertTrue(Set.of("checked_in", "already_checked_in").contains(result.path("outcome").asText()),
                        result.toString());
                checkedIn += "checked_in".equals(result.path("outcome").asText()) ? 1 : 0;
            }
            assertTrue(checkedIn >= 1, "at least the earliest admission answers checked_in");
        } finally {
            kiosks.forEach(SocketClient::close);
        }
        var registration = Attributes.of(Fixtures.item(ada.registrationId(), eventId));
        assertEquals(now.minusSeconds(60), registration.instant(RegistrationItem.CHECKED_IN_AT));
        assertEquals("gate-0", registration.string(RegistrationItem.CHECKED_IN_GATE));
        assertEquals(9, registration.maps(RegistrationItem.CHECK_IN_CONFLICTS).size());
        var counters = Attributes.of(Fixtures.counters(eventId));
        assertEquals(1L, counters.number("checked_in"));
        assertEquals(1L, counters.number("inside"));
        assertEquals(9L, counters.number("conflicts"));
        assertEquals(1L, counters.number("gate:gate-0"));
        for (int i = 1; i < 10; i++) {
            Long atGate = counters.number("gate:gate-" + i);
            assertTrue(atGate == null || atGate == 0, "gate-" + i + " keeps no check-in");
        }
    }

    @Test
    void everyBadScanOfABatchGetsItsOwnAnswerAndTheOthersAreApplied() throws Exception {
        String eventId = Fixtures.event("Batch");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem grace = Fixtures.register(eventId, "Grace Hopper");
        RegistrationItem alan = Fixtures.register(eventId, "Alan Turing");
        RegistrationItem edsger = Fixtures.register(eventId, "Edsger Dijkstra");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
        String real = Fixtures.ticket(grace);
        String[] parts = real.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
        ArrayNode scans = JSON.createArrayNode()
                .add(queued("q-1", Fixtures.ticket(ada), tenMinutesAgo))
                .add(queued("q-2", forged(grace), now.minusSeconds(500)))
                .add(queued("q-3", tampered, now.minusSeconds(400)))
                .add(queued("q-4", Fixtures.ticket(alan), now.plus(Duration.ofHours(1))))
                .add(queued("q-5", Fixtures.ticket(alan), now.minus(Duration.ofHours(13))))
                .add(42)
                .add(JSON.createObjectNode().put("requestId", "q-7").put("direction", "sideways"))
                .add(queued("q-8", Fixtures.ticket(edsger), now.minusSeconds(30)));
        try (SocketClient kiosk = kiosk(eventId, "north-1")) {
            List<JsonNode> results = sync(kiosk, "batch-1", scans);
            assertEquals(8, results.size());
            for (int i = 0; i < 8; i++) {
                assertEquals(i, results.get(i).path("index").asInt());
            }
            JsonNode admitted = results.get(0).path("result");
            assertEquals("checked_in", admitted.path("outcome").asText());
            assertEquals(tenMinutesAgo.toString(), admitted.path("at").asText());
            assertEquals("invalid_ticket", results.get(1).path("result").path("outcome").asText());
            assertEquals("invalid_ticket", results.get(2).path("result").path("outcome").asText());
            assertProblem(results.get(3), "q-4", "scanned-at-in-future");
            assertProblem(results.get(4), "q-5", "scanned-at-outside-window");
            assertProblem(results.get(5), null, "malformed-request");
            JsonNode invalid = assertProblem(results.get(6), "q-7", "validation");
            assertEquals(List.of("direction", "scannedAt", "ticket"),
                    JSON.convertValue(invalid.path("problem").path("violations").findValues("field"), List.class)
                            .stream().map(Object::toString).toList());
            assertEquals("checked_in", results.get(7).path("result").path("outcome").asText());
        }
        var counters = Attributes.of(Fixtures.counters(eventId));
        assertEquals(2L, counters.number("checked_in"));
        assertNull(Attributes.of(Fixtures.item(alan.registrationId(), eventId)).string(RegistrationItem.CHECKED_IN_AT));
        assertNull(Attributes.of(Fixtures.item(grace.registrationId(), eventId)).string(RegistrationItem.CHECKED_IN_AT));

        // Dashboards count arrivals by scan time: Ada's falls in the minute she was scanned, ten minutes ago.
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken())) {
            JsonNode snapshot = dashboard.next(type("snapshot"), WAIT);
            String adasMinute = tenMinutesAgo.truncatedTo(ChronoUnit.MINUTES).toString();
            long inAdasMinute = 0;
            for (JsonNode bucket : snapshot.path("arrivalsPerMinute")) {
                if (Instant.parse(bucket.path("minute").asText()).equals(Instant.parse(adasMinute))) {
                    inAdasMinute = bucket.path("count").asLong();
                }
            }
            assertEquals(1, inAdasMinute);
            JsonNode recent = snapshot.path("recentCheckIns");
            assertEquals("Ada Lovelace", recent.get(1).path("attendeeName").asText());
            assertEquals(tenMinutesAgo.toString(), recent.get(1).path("at").asText());
        }
    }

    @Test
    void aBatchThatIsNotOneIsRefusedWholeAndChangesNothing() throws Exception {
        String eventId = Fixtures.event("Bad batches");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        try (SocketClient kiosk = kiosk(eventId, "north-1")) {
            kiosk.send("{\"type\":\"sync\",\"requestId\":\"b-1\",\"scans\":\"" + Fixtures.ticket(ada) + "\"}");
            JsonNode notAnArray = kiosk.next(type("error"), WAIT);
            assertEquals("b-1", notAnArray.path("requestId").asText());
            assertTrue(notAnArray.path("problem").path("type").asText().endsWith("/validation"));
            assertEquals("scans", notAnArray.path("problem").path("violations").get(0).path("field").asText());
            kiosk.send("{\"type\":\"sync\",\"requestId\":\"b-2\",\"scans\":[]}");
            assertTrue(kiosk.next(type("error"), WAIT).path("problem").path("type").asText().endsWith("/validation"));
            kiosk.send("{\"type\":\"sync\",\"requestId\":\"b-3\",\"scans\":[" );
            assertTrue(kiosk.next(type("error"), WAIT).path("problem").path("type").asText().endsWith("/malformed-request"));
            // A single scan may carry its scan time too; a bad one is a field violation.
            kiosk.send("{\"type\":\"scan\",\"requestId\":\"s-1\",\"ticket\":\"" + Fixtures.ticket(ada)
                    + "\",\"scannedAt\":\"yesterday\"}");
            JsonNode badTime = kiosk.next(type("error"), WAIT);
            assertEquals("scannedAt", badTime.path("problem").path("violations").get(0).path("field").asText());
            // The socket still works, and nothing was checked in by the refused commands.
            Instant scannedAt = Instant.now().minusSeconds(90).truncatedTo(ChronoUnit.MILLIS);
            kiosk.send("{\"type\":\"scan\",\"requestId\":\"s-2\",\"ticket\":\"" + Fixtures.ticket(ada)
                    + "\",\"scannedAt\":\"" + scannedAt + "\"}");
            JsonNode result = kiosk.next(type("scan_result"), WAIT).path("result");
            assertEquals("checked_in", result.path("outcome").asText());
            assertEquals(scannedAt.toString(), result.path("at").asText());
            assertFalse(result.has("conflict"));
        }
    }

    private static JsonNode assertProblem(JsonNode answer, String requestId, String problemType) {
        assertEquals(requestId == null, answer.path("requestId").isMissingNode(), answer.toString());
        if (requestId != null) {
            assertEquals(requestId, answer.path("requestId").asText());
        }
        assertTrue(answer.path("result").isMissingNode(), answer.toString());
        assertTrue(answer.path("problem").path("type").asText().endsWith("/" + problemType), answer.toString());
        assertFalse(answer.path("problem").path("detail").asText().isBlank());
        return answer;
    }

    private static SocketClient kiosk(String eventId, String gate) throws InterruptedException {
        return connected(eventId, Fixtures.kioskToken(eventId, gate));
    }

    /** A kiosk socket with this token (the same kiosk again after a reconnect) that got its welcome. */
    private static SocketClient connected(String eventId, String kioskToken) throws InterruptedException {
        SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken);
        kiosk.next(type("welcome"), WAIT);
        return kiosk;
    }

    private static ObjectNode queued(String requestId, String ticket, Instant scannedAt) {
        return JSON.createObjectNode().put("requestId", requestId).put("ticket", ticket).put("direction", "entry")
                .put("scannedAt", scannedAt.toString());
    }

    private static List<JsonNode> sync(SocketClient kiosk, String batchId, JsonNode... scans) throws Exception {
        ArrayNode all = JSON.createArrayNode();
        for (JsonNode scan : scans) {
            all.add(scan);
        }
        return sync(kiosk, batchId, all);
    }

    private static List<JsonNode> sync(SocketClient kiosk, String batchId, ArrayNode scans) throws Exception {
        ObjectNode command = JSON.createObjectNode().put("type", "sync").put("requestId", batchId);
        command.set("scans", scans);
        kiosk.send(JSON.writeValueAsString(command));
        JsonNode answer = kiosk.next(type("sync_result"), WAIT);
        assertEquals(batchId, answer.path("requestId").asText());
        List<JsonNode> results = new java.util.ArrayList<>();
        answer.path("results").forEach(results::add);
        return results;
    }

    /** A well-formed ticket with the stack's key id, signed by another key: a forgery. */
    private static String forged(RegistrationItem registration) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Instant now = Instant.now();
        String keyId = TicketCodec.keyId(StackTestResource.stack().ticketKeys().keyPair().getPublic());
        return TicketCodec.sign(new TicketToken(registration.registrationId(), registration.eventId(), 1, now,
                now.plusSeconds(3600)), generator.generateKeyPair().getPrivate(), keyId);
    }
}
