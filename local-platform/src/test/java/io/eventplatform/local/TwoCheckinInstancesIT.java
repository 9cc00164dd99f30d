package io.eventplatform.local;

import static io.eventplatform.local.DashboardSocket.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.TokenMinter;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./platform run --checkin-instances 2}: two checkin-service instances behind the gateway,
 * both reading the table's stream. A change made through one reaches dashboards on both, and a
 * dashboard moves between them without a snapshot, also when its instance shuts down or is killed
 * (SIGKILL: kiosks and dashboards find it dead, reconnect and resend, and no scan is lost).
 * One platform for the whole class: the SIGKILL test starts instance A again, the last test stops it.
 * A failure keeps the processes' logs in {@code target/two-checkin-instances-logs}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCheckinInstancesIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();

    private static Path dataDir;
    private static LocalPlatform platform;
    private static LocalPlatform.Instance instanceA;
    private static LocalPlatform.Instance instanceB;
    private static String staff;
    private static String eventId;
    private static final List<String> attendees = new ArrayList<>();
    private static final List<String> tickets = new ArrayList<>();
    /** The SIGKILL rush: kiosks through the gateway, each scanning this many tickets. */
    private static final int KIOSKS = 4;
    private static final int SCANS_PER_KIOSK = 10;

    @RegisterExtension
    static final KeepLogsOnFailure LOGS = new KeepLogsOnFailure(Path.of("target/two-checkin-instances-logs"));

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("platform-it-two-checkins-");
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        platform = LocalPlatform.start(new LocalPlatform.Options(HOME, dataDir, Gateway.LOOPBACK, 0, Ports.free(),
                Ports.free(), servicePorts, managementPorts, 2));
        List<LocalPlatform.Instance> checkins = platform.instances().stream()
                .filter(i -> i.service().equals("checkin-service")).toList();
        assertEquals(2, checkins.size());
        instanceA = checkins.get(0);
        instanceB = checkins.get(1);
        staff = platform.stack().tokens().mint(Roles.STAFF, null);
        String organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
        String base = gateway();
        eventId = new JsonObject(PlatformClient.send("POST", base + "/api/registration/events", organizer, """
                {"name":"Two doors","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                 "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":100,"waitlistEnabled":false,
                 "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                """, 201)).getString("id");
        PlatformClient.send("POST", base + "/api/registration/events/" + eventId + "/publish", organizer, "", 200);
        for (int i = 0; i < 30 + KIOSKS * SCANS_PER_KIOSK; i++) {
            JsonObject receipt = new JsonObject(PlatformClient.send("POST", base + "/api/registration/events/" + eventId
                    + "/registrations", null, "{\"name\":\"Guest " + i + "\",\"email\":\"guest" + i
                    + "@example.org\"}", 201));
            attendees.add(receipt.getJsonObject("registration").getString("registrationId"));
            tickets.add(receipt.getString("ticket"));
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        LOGS.keep(dataDir.resolve("logs"));
        EmbeddedStack.wipe(dataDir);
    }

    @Test
    @Order(1)
    void bothInstancesAreHealthyAndTheGatewayBalancesRequestsOverThem() throws Exception {
        JsonObject health = new JsonObject(PlatformClient.send("GET", gateway() + Gateway.HEALTH_PATH, null, null, 200));
        JsonObject services = health.getJsonObject("services");
        assertEquals("UP", services.getJsonObject("checkin-service").getString("status"));
        assertEquals("UP", services.getJsonObject("checkin-service-2").getString("status"));
        for (int i = 0; i < 6; i++) {
            PlatformClient.send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200);
        }
        for (LocalPlatform.Instance instance : List.of(instanceA, instanceB)) {
            String metrics = PlatformClient.send("GET", "http://127.0.0.1:" + instance.managementPort() + "/q/metrics", null, null, 200);
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                    && line.contains("events/{eventId}/counts")), instance.name() + " served none");
        }
    }

    @Test
    @Order(2)
    void aScanThroughInstanceAReachesDashboardsOnAAndOnB() throws Exception {
        try (DashboardSocket onA = DashboardSocket.open(direct(instanceA), eventId, staff, null); DashboardSocket onB = DashboardSocket.open(direct(instanceB), eventId, staff, null)) {
            onA.awaitType("snapshot");
            onB.awaitType("snapshot");
            for (String registrationId : attendees.subList(0, 3)) {
                checkIn(direct(instanceA), registrationId);
            }
            awaitTrue(() -> onA.checkIns().size() == 3 && onB.checkIns().size() == 3);
            assertEquals(Set.copyOf(attendees.subList(0, 3)), Set.copyOf(onB.checkIns()));
            assertEquals(onA.stamps(), onB.stamps(), "both instances number the changes alike");
        }
    }

    @Test
    @Order(3)
    void aDashboardMovedFromAToBResumesWithoutLoss() throws Exception {
        DashboardSocket onA = DashboardSocket.open(direct(instanceA), eventId, staff, null);
        onA.awaitType("snapshot");
        checkIn(direct(instanceA), attendees.get(3));
        awaitTrue(() -> onA.checkIns().size() == 1, () -> onA.received + "\n" + liveStateOf("Guest 3"));
        onA.close();
        for (String registrationId : attendees.subList(4, 7)) {
            checkIn(direct(instanceA), registrationId);
        }
        try (DashboardSocket onB = DashboardSocket.open(direct(instanceB), eventId, staff, onA)) {
            JsonObject first = onB.awaitFirst();
            assertEquals("resumed", first.getString("type"), first.encode());
            awaitTrue(() -> onB.checkIns().size() == 3, () -> onB.received + "\n" + liveStateOf("Guest"));
            assertEquals(Set.copyOf(attendees.subList(4, 7)), Set.copyOf(onB.checkIns()));
            assertEquals(0, onB.ofType("snapshot").size());
            onB.assertConsecutive(first.getLong("fromSeq"));
        }
    }

    @Test
    @Order(4)
    void killingAMidRushLosesNoScanAndItsKiosksAndDashboardsResumeOnB() throws Exception {
        String ws = gateway().replace("http:", "ws:");
        String epochOfA;
        try (DashboardSocket probe = DashboardSocket.open(direct(instanceA), eventId, staff, null)) {
            probe.awaitType("snapshot");
            epochOfA = probe.epoch();
        }
        long checkedInBefore = counts().getLong("checkedIn");
        // Opened one after another through the gateway, which takes turns: half land on A.
        List<ResendingKiosk> kiosks = new ArrayList<>();
        List<DashboardSocket> dashboards = new ArrayList<>();
        try {
            for (int k = 0; k < KIOSKS; k++) {
                kiosks.add(ResendingKiosk.connect(CLIENT, URI.create(ws + "/ws/checkin/kiosk/" + eventId),
                        platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                                .withGate("door-" + k))));
            }
            for (int d = 0; d < 4; d++) {
                DashboardSocket dashboard = DashboardSocket.open(ws, eventId, staff, null);
                dashboard.awaitType("snapshot");
                dashboards.add(dashboard);
            }
            List<DashboardSocket> onA = dashboards.stream().filter(d -> d.epoch().equals(epochOfA)).toList();
            assertEquals(2, onA.size(), "the gateway took turns");

            List<String> rush = attendees.subList(30, 30 + KIOSKS * SCANS_PER_KIOSK);
            CompletableFuture<Void> scanning = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < SCANS_PER_KIOSK; i++) {
                    for (int k = 0; k < KIOSKS; k++) {
                        kiosks.get(k).scan("door-" + k + "-" + i, tickets.get(30 + i * KIOSKS + k));
                    }
                    sleep(100);
                }
            });
            awaitTrue(() -> kiosks.stream().mapToInt(k -> k.results.size()).sum() >= KIOSKS * 2);
            long killed = System.nanoTime();
            platform.kill(instanceA.name());
            assertFalse(Ports.isListening(instanceA.port()), "A still listens after SIGKILL");
            JsonObject health = new JsonObject(PlatformClient.send("GET", gateway() + Gateway.HEALTH_PATH, null, null, 503));
            assertEquals("DOWN", health.getJsonObject("services").getJsonObject(instanceA.name()).getString("status"));
            scanning.get(30, TimeUnit.SECONDS);

            // Every client on A finds it dead (no 1001 comes) and reconnects through the gateway to B.
            for (DashboardSocket dashboard : onA) {
                ResendingKiosk.Notice notice = dashboard.noticed.get(10, TimeUnit.SECONDS);
                assertNotEquals("closed 1001", notice.how());
            }
            List<DashboardSocket> resumed = new ArrayList<>();
            for (DashboardSocket dashboard : onA) {
                DashboardSocket again = DashboardSocket.open(ws, eventId, staff, dashboard);
                resumed.add(again);
                JsonObject first = again.awaitFirst();
                assertEquals("resumed", first.getString("type"), first.encode());
            }
            awaitTrue(() -> kiosks.stream().allMatch(k -> k.unansweredCount() == 0));
            List<ResendingKiosk.Notice> kioskNotices = kiosks.stream().flatMap(k -> k.notices.stream()).toList();
            // The gateway took turns here too, so at least half the kiosks were on A.
            assertTrue(kioskNotices.size() >= KIOSKS / 2, "kiosks on A found it dead: " + kioskNotices);

            // Every scan answered once with a check-in (a resend of an applied one as a replay), counted once.
            List<JsonObject> answers = kiosks.stream().flatMap(k -> k.results.values().stream()).toList();
            assertEquals(rush.size(), answers.size());
            assertTrue(answers.stream().allMatch(a -> "checked_in".equals(a.getString("outcome"))), answers.toString());
            assertEquals(Set.copyOf(rush), answers.stream().map(a -> a.getString("registrationId"))
                    .collect(Collectors.toSet()));
            assertEquals(checkedInBefore + rush.size(), counts().getLong("checkedIn"));

            // Every dashboard ends with every check-in of the rush, each applied once.
            for (DashboardSocket dashboard : dashboards) {
                DashboardSocket after = onA.contains(dashboard) ? resumed.get(onA.indexOf(dashboard)) : null;
                awaitTrue(() -> checkInsOf(dashboard, after).containsAll(rush));
                List<String> applied = checkInsOf(dashboard, after).stream().filter(rush::contains).toList();
                assertEquals(rush.size(), applied.size(), "each check-in applied once: " + applied);
                assertEquals(List.of(), dashboard.gaps);
                if (after != null) {
                    assertEquals(0, after.ofType("snapshot").size());
                    after.assertConsecutive(after.awaitFirst().getLong("fromSeq"));
                }
            }
            resumed.forEach(DashboardSocket::close);

            long resentScans = kiosks.stream().mapToInt(k -> k.resent.get()).sum();
            long reconnected = kiosks.stream().mapToInt(k -> k.connections.get() - 1).sum() + resumed.size();
            List<ResendingKiosk.Notice> notices = new ArrayList<>(kioskNotices);
            onA.forEach(d -> notices.add(d.noticed.join()));
            long slowestNoticeMillis = notices.stream().mapToLong(n -> n.nanos() - killed).max().orElseThrow() / 1_000_000;
            long replayed = answers.stream().filter(a -> a.getBoolean("replayed", false)).count();
            System.out.printf("SIGKILL of %s: %d scans tried, %d answered, %d resent (%d of them applied by A before "
                    + "it died, answered as replays), %d lost; %d sockets reconnected; found dead within %d ms (%s)%n",
                    instanceA.name(), rush.size(), answers.size(), resentScans, replayed, rush.size() - answers.size(),
                    reconnected, slowestNoticeMillis,
                    notices.stream().map(ResendingKiosk.Notice::how).distinct().toList());
        } finally {
            kiosks.forEach(ResendingKiosk::close);
            dashboards.forEach(DashboardSocket::close);
        }
        // The Auto Scaling group replaces the instance: it takes connections again (the next test uses it).
        platform.restart(instanceA.name());
    }

    private static List<String> checkInsOf(DashboardSocket dashboard, DashboardSocket resumed) {
        List<String> all = new ArrayList<>(dashboard.checkIns());
        if (resumed != null) {
            all.addAll(resumed.checkIns());
        }
        return all;
    }

    private static JsonObject counts() {
        return new JsonObject(PlatformClient.send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200));
    }

    @Test
    @Order(5)
    void stoppingAMidStreamClosesItsSocketsWith1001AndTheyResumeOnB() throws Exception {
        DashboardSocket onA = DashboardSocket.open(direct(instanceA), eventId, staff, null);
        onA.awaitType("snapshot");
        List<String> rush = attendees.subList(7, 30);
        CompletableFuture<Void> scanning = CompletableFuture.runAsync(() -> {
            for (String registrationId : rush) {
                checkInThroughGateway(registrationId);
            }
        });
        awaitTrue(() -> onA.checkIns().size() >= 3, () -> onA.received + "\n" + liveStateOf("Guest"));
        platform.stop(instanceA.name());
        assertEquals(1001, onA.closeCode.get(30, TimeUnit.SECONDS), "instance A going away");
        // As a client does after 1001: reconnect at once, through the gateway, which now has only B.
        try (DashboardSocket resumed = DashboardSocket.open(gateway().replace("http:", "ws:"), eventId, staff, onA)) {
            JsonObject first = resumed.awaitFirst();
            assertEquals("resumed", first.getString("type"), first.encode());
            scanning.get(60, TimeUnit.SECONDS);
            Set<String> seen = new HashSet<>(onA.checkIns());
            awaitTrue(() -> {
                Set<String> all = new HashSet<>(seen);
                all.addAll(resumed.checkIns());
                return all.containsAll(rush);
            });
            assertEquals(0, resumed.ofType("snapshot").size());
            resumed.assertConsecutive(first.getLong("fromSeq"));
        }
        PlatformClient.send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200);
    }

    private static String gateway() {
        return "http://127.0.0.1:" + platform.gatewayPort();
    }

    private static String direct(LocalPlatform.Instance instance) {
        return "ws://127.0.0.1:" + instance.port();
    }

    private static void checkIn(String base, String registrationId) {
        PlatformClient.send("POST", base.replace("ws:", "http:") + "/api/checkin/events/" + eventId + "/scans", staff,
                new JsonObject().put("registrationId", registrationId).encode(), 200);
    }

    /** A desk resends a scan whose answer did not come (the instance went away meanwhile). */
    private static void checkInThroughGateway(String registrationId) {
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<String> response = CLIENT.send(PlatformClient.request("POST", gateway() + "/api/checkin/events/" + eventId
                        + "/scans", staff, new JsonObject().put("registrationId", registrationId).encode()),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    String outcome = new JsonObject(response.body()).getString("outcome");
                    assertTrue(outcome.equals("checked_in") || outcome.equals("already_checked_in"), outcome);
                    return;
                }
            } catch (Exception e) {
                // The connection died with instance A: resend.
            }
            if (attempt > 20) {
                throw new AssertionError("scan of " + registrationId + " never answered");
            }
            sleep(200);
        }
    }

    /** What each instance's live state and feed show, for a failure message. */
    private static String liveStateOf(String attendeeName) {
        StringBuilder state = new StringBuilder();
        for (LocalPlatform.Instance instance : List.of(instanceA, instanceB)) {
            try {
                state.append(instance.name()).append(": ").append(PlatformClient.send("GET", "http://127.0.0.1:" + instance.port()
                        + "/api/checkin/events/" + eventId + "/attendees?q="
                        + java.net.URLEncoder.encode(attendeeName, java.nio.charset.StandardCharsets.UTF_8), staff, null, 200).lines().findFirst().orElse(""));
                PlatformClient.send("GET", "http://127.0.0.1:" + instance.managementPort() + "/q/metrics", null, null, 200).lines()
                        .filter(line -> line.startsWith("stream_")).forEach(line -> state.append(" | ").append(line));
            } catch (AssertionError e) {
                state.append(instance.name()).append(" unreachable: ").append(e.getMessage());
            }
            state.append("\n");
        }
        // Where each checkin instance's threads are (the feed reader among them), kept with the logs.
        for (io.eventplatform.stack.ChildProcess process : platform.processes()) {
            if (process.name().startsWith("checkin-service")) {
                try {
                    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                            .redirectOutput(dataDir.resolve("logs").resolve(process.name() + "-threads.log").toFile())
                            .start().waitFor(20, TimeUnit.SECONDS);
                } catch (java.io.IOException e) {
                    state.append("no thread dump of ").append(process.name()).append(": ").append(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return state.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
