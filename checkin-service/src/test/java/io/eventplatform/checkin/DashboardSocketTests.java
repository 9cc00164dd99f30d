package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DashboardSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void fiveHundredScansFromTwentyKioskSocketsCountExactlyAndEveryDashboardSeesThemInOrder() throws Exception {
        String eventId = Fixtures.event("Rush hour");
        List<RegistrationItem> registrations = Fixtures.registerMany(eventId, 500);
        List<SocketClient> dashboards = new ArrayList<>();
        List<Long> snapshotSeqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken());
            snapshotSeqs.add(dashboard.next(WAIT).path("seq").asLong());
            dashboards.add(dashboard);
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<List<String>>> kiosks = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            List<RegistrationItem> mine = registrations.subList(k * 25, (k + 1) * 25);
            String gate = "gate-" + (k % 4);
            String kioskToken = Fixtures.kioskToken(eventId, gate);
            int kiosk = k;
            kiosks.add(pool.submit(() -> {
                try (SocketClient socket = SocketClient.open(SocketTestSupport.kiosk(eventId), kioskToken)) {
                    socket.next(type("welcome"), WAIT);
                    for (int i = 0; i < mine.size(); i++) {
                        socket.send(SocketTestSupport.scan("k" + kiosk + "-" + i, Fixtures.ticket(mine.get(i)), "entry"));
                    }
                    List<String> outcomes = new ArrayList<>();
                    for (int i = 0; i < mine.size(); i++) {
                        outcomes.add(socket.next(type("scan_result"), WAIT).path("result").path("outcome").asText());
                    }
                    return outcomes;
                }
            }));
        }
        for (Future<List<String>> kiosk : kiosks) {
            assertEquals(List.of("checked_in"), kiosk.get().stream().distinct().toList());
        }
        pool.shutdown();
        var counters = Attributes.of(Fixtures.counters(eventId));
        assertEquals(500L, counters.number("checked_in"));
        assertEquals(500L, counters.number("inside"));
        for (int d = 0; d < dashboards.size(); d++) {
            SocketClient dashboard = dashboards.get(d);
            await().atMost(Duration.ofSeconds(60)).until(() -> checkIns(dashboard.received).size() == 500);
            List<JsonNode> deltas = dashboard.received.stream().filter(m -> "delta".equals(m.path("type").asText()))
                    .toList();
            long expected = snapshotSeqs.get(d) + 1;
            for (JsonNode delta : deltas) {
                assertEquals(expected++, delta.path("seq").asLong(), "deltas must be consecutive");
            }
            Set<String> seen = new HashSet<>(checkIns(dashboard.received));
            assertEquals(500, seen.size());
            assertEquals(500, deltas.get(deltas.size() - 1).path("counts").path("checkedIn").asInt());
            dashboard.close();
        }
        given().auth().oauth2(Fixtures.staffToken()).get("/api/checkin/events/{e}/counts", eventId).then()
                .statusCode(200).body("checkedIn", org.hamcrest.Matchers.equalTo(500));
    }

    @Test
    void dashboardThatDropsAndResumesWithItsLastSequenceNumberMissesNothing() throws Exception {
        String eventId = Fixtures.event("Flaky wifi");
        List<RegistrationItem> registrations = Fixtures.registerMany(eventId, 20);
        String staff = Fixtures.staffToken();
        SocketClient watcher = SocketClient.open(SocketTestSupport.dashboard(eventId), staff);
        watcher.next(type("snapshot"), WAIT);
        SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), staff);
        JsonNode snapshot = dashboard.next(type("snapshot"), WAIT);
        String epoch = snapshot.path("epoch").asText();
        for (RegistrationItem registration : registrations.subList(0, 10)) {
            checkIn(eventId, staff, registration);
        }
        await().atMost(WAIT).until(() -> checkIns(dashboard.received).size() == 10);
        long lastSeq = lastSeq(dashboard.received);
        dashboard.abort();
        for (RegistrationItem registration : registrations.subList(10, 20)) {
            checkIn(eventId, staff, registration);
        }
        await().atMost(WAIT).until(() -> checkIns(watcher.received).size() == 20);

        try (SocketClient resumed = SocketClient.open(SocketTestSupport.dashboard(eventId, epoch, lastSeq), staff)) {
            JsonNode first = resumed.next(WAIT);
            assertEquals("resumed", first.path("type").asText(), first.toString());
            assertEquals(lastSeq + 1, first.path("fromSeq").asLong());
            await().atMost(WAIT).until(() -> checkIns(resumed.received).size() == 10);
            long expected = lastSeq + 1;
            for (JsonNode message : resumed.received.subList(1, resumed.received.size())) {
                assertEquals(expected++, message.path("seq").asLong());
            }
            Set<String> all = new HashSet<>(checkIns(dashboard.received));
            all.addAll(checkIns(resumed.received));
            assertEquals(registrations.stream().map(RegistrationItem::registrationId).collect(java.util.stream.Collectors.toSet()), all);
        }
        watcher.close();
    }

    @Test
    void dashboardResumingWithAnotherInstancesEpochGetsAFreshSnapshot() throws Exception {
        String eventId = Fixtures.event("Other instance");
        String staff = Fixtures.staffToken();
        try (SocketClient foreign = SocketClient.open(SocketTestSupport.dashboard(eventId, "another-instance", 3), staff)) {
            JsonNode snapshot = foreign.next(WAIT);
            assertEquals("snapshot", snapshot.path("type").asText());
            assertNotEquals("another-instance", snapshot.path("epoch").asText());
            try (SocketClient ahead = SocketClient.open(SocketTestSupport.dashboard(eventId,
                    snapshot.path("epoch").asText(), snapshot.path("seq").asLong() + 1000), staff)) {
                assertEquals("snapshot", ahead.next(WAIT).path("type").asText());
            }
        }
    }

    @Test
    void dashboardComingFromAnotherInstanceResumesByItsShardPositionWithoutASnapshot() throws Exception {
        String eventId = Fixtures.event("Moved dashboard");
        List<RegistrationItem> registrations = Fixtures.registerMany(eventId, 20);
        String staff = Fixtures.staffToken();
        SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), staff);
        JsonNode snapshot = dashboard.next(type("snapshot"), WAIT);
        long[] position = java.util.Arrays.stream(snapshot.path("position").asText().split("\\."))
                .mapToLong(Long::parseLong).toArray();
        assertEquals(io.eventplatform.shared.item.EventShards.COUNT, position.length);
        for (RegistrationItem registration : registrations.subList(0, 10)) {
            checkIn(eventId, staff, registration);
        }
        await().atMost(WAIT).until(() -> checkIns(dashboard.received).size() == 10);
        for (JsonNode delta : deltas(dashboard.received)) {
            int shard = delta.path("shard").asInt();
            assertEquals(position[shard] + 1, delta.path("rev").asLong(), "revisions are consecutive per shard");
            position[shard] = delta.path("rev").asLong();
        }
        dashboard.abort();
        for (RegistrationItem registration : registrations.subList(10, 20)) {
            checkIn(eventId, staff, registration);
        }
        await().atMost(WAIT).until(() -> io.eventplatform.shared.item.Attributes.of(Fixtures.counters(eventId))
                .number("checked_in") == 20);
        String sent = java.util.Arrays.stream(position).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining("."));
        // Another instance's epoch and numbering: only the shard position means anything here.
        try (SocketClient resumed = SocketClient.open(
                SocketTestSupport.dashboard(eventId, "another-instance.4", 9999, sent), staff)) {
            JsonNode first = resumed.next(WAIT);
            assertEquals("resumed", first.path("type").asText(), first.toString());
            await().atMost(WAIT).until(() -> checkIns(resumed.received).size() == 10);
            long expected = first.path("fromSeq").asLong();
            for (JsonNode message : resumed.received.subList(1, resumed.received.size())) {
                assertEquals(expected++, message.path("seq").asLong());
            }
            Set<String> all = new HashSet<>(checkIns(dashboard.received));
            all.addAll(checkIns(resumed.received));
            assertEquals(20, all.size());
            assertEquals(registrations.stream().map(RegistrationItem::registrationId)
                    .collect(java.util.stream.Collectors.toSet()), all);
        }
        try (SocketClient malformed = SocketClient.open(
                SocketTestSupport.dashboard(eventId, "another-instance.4", 9999, "1.2.3"), staff)) {
            assertEquals("snapshot", malformed.next(WAIT).path("type").asText());
        }
    }

    private static List<JsonNode> deltas(List<JsonNode> messages) {
        synchronized (messages) {
            return messages.stream().filter(m -> "delta".equals(m.path("type").asText())).toList();
        }
    }

    @Test
    void registrationMadeInRegistrationServiceAppearsOnADashboard() throws Exception {
        String eventId = Fixtures.event("Cross-service");
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId),
                StackTestResource.token(Roles.ORGANIZER, null))) {
            JsonNode snapshot = dashboard.next(type("snapshot"), WAIT);
            assertEquals("Cross-service", snapshot.path("eventName").asText());
            assertEquals(0, snapshot.path("counts").path("registered").asInt());
            RegistrationItem written = Fixtures.register(eventId, "Katherine Johnson");
            JsonNode created = dashboard.next(m -> "registration_created".equals(m.path("kind").asText()), WAIT);
            assertEquals(written.registrationId(), created.path("registrationId").asText());
            assertEquals("Katherine Johnson", created.path("attendeeName").asText());
            assertEquals(1, created.path("counts").path("registered").asInt());
            Fixtures.register(eventId, "Waiting Will", RegistrationStatus.WAITLISTED);
            JsonNode waitlisted = dashboard.next(m -> "registration_created".equals(m.path("kind").asText()), WAIT);
            assertEquals(1, waitlisted.path("counts").path("waitlisted").asInt());
            Fixtures.publishMaterial(eventId, "Opening keynote slides");
            JsonNode material = dashboard.next(m -> "material_published".equals(m.path("kind").asText()), WAIT);
            assertEquals("Opening keynote slides", material.path("title").asText());
        }
    }

    @Test
    void onlyStaffAndOrganizersWatchAndOnlyKnownEvents() {
        String eventId = Fixtures.event("Guarded");
        assertEquals(401, SocketClient.refusal(SocketTestSupport.dashboard(eventId), null));
        assertEquals(403, SocketClient.refusal(SocketTestSupport.dashboard(eventId), Fixtures.kioskToken(eventId, "n")));
        assertEquals(404, SocketClient.refusal(SocketTestSupport.dashboard("evt-missing"), Fixtures.staffToken()));
    }

    @Test
    void anIdleDashboardIsPingedAndOneThatTalksIsClosedAsUnsupportedData() throws Exception {
        String eventId = Fixtures.event("Listener");
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken())) {
            dashboard.next(type("snapshot"), WAIT);
            // The test profile pings every second (25 s in production, below the proxies' idle timeouts).
            await().atMost(Duration.ofSeconds(10)).until(() -> dashboard.pings.get() >= 2);
            dashboard.send("{\"type\":\"hello\"}");
            assertEquals(1003, dashboard.closed.get(10, TimeUnit.SECONDS), "dashboards only listen");
        }
    }

    private static void checkIn(String eventId, String staff, RegistrationItem registration) {
        given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("registrationId", registration.registrationId(), "gate", "desk"))
                .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("checked_in"));
    }

    static List<String> checkIns(List<JsonNode> messages) {
        synchronized (messages) {
            return messages.stream().filter(m -> "checked_in".equals(m.path("kind").asText()))
                    .map(m -> m.path("registrationId").asText()).toList();
        }
    }

    private static long lastSeq(List<JsonNode> messages) {
        synchronized (messages) {
            long last = -1;
            for (JsonNode message : messages) {
                if (message.has("seq")) {
                    last = message.path("seq").asLong();
                }
            }
            assertTrue(last >= 0);
            return last;
        }
    }
}
