package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
    /** Liveness pings of the test's dashboards. */
    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);

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
        eventId = new JsonObject(send("POST", base + "/api/registration/events", organizer, """
                {"name":"Two doors","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                 "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":100,"waitlistEnabled":false,
                 "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                """, 201)).getString("id");
        send("POST", base + "/api/registration/events/" + eventId + "/publish", organizer, "", 200);
        for (int i = 0; i < 30 + KIOSKS * SCANS_PER_KIOSK; i++) {
            JsonObject receipt = new JsonObject(send("POST", base + "/api/registration/events/" + eventId
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
        JsonObject health = new JsonObject(send("GET", gateway() + Gateway.HEALTH_PATH, null, null, 200));
        JsonObject services = health.getJsonObject("services");
        assertEquals("UP", services.getJsonObject("checkin-service").getString("status"));
        assertEquals("UP", services.getJsonObject("checkin-service-2").getString("status"));
        for (int i = 0; i < 6; i++) {
            send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200);
        }
        for (LocalPlatform.Instance instance : List.of(instanceA, instanceB)) {
            String metrics = send("GET", "http://127.0.0.1:" + instance.managementPort() + "/q/metrics", null, null, 200);
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                    && line.contains("events/{eventId}/counts")), instance.name() + " served none");
        }
    }

    @Test
    @Order(2)
    void aScanThroughInstanceAReachesDashboardsOnAAndOnB() throws Exception {
        try (Dashboard onA = Dashboard.open(direct(instanceA), null); Dashboard onB = Dashboard.open(direct(instanceB), null)) {
            onA.awaitType("snapshot");
            onB.awaitType("snapshot");
            for (String registrationId : attendees.subList(0, 3)) {
                checkIn(direct(instanceA), registrationId);
            }
            awaitTrue(() -> onA.checkIns().size() == 3 && onB.checkIns().size() == 3);
            assertEquals(Set.copyOf(attendees.subList(0, 3)), Set.copyOf(onB.checkIns()));
            assertEquals(stamps(onA), stamps(onB), "both instances number the changes alike");
        }
    }

    @Test
    @Order(3)
    void aDashboardMovedFromAToBResumesWithoutLoss() throws Exception {
        Dashboard onA = Dashboard.open(direct(instanceA), null);
        onA.awaitType("snapshot");
        checkIn(direct(instanceA), attendees.get(3));
        awaitTrue(() -> onA.checkIns().size() == 1, () -> onA.received + "\n" + liveStateOf("Guest 3"));
        onA.close();
        for (String registrationId : attendees.subList(4, 7)) {
            checkIn(direct(instanceA), registrationId);
        }
        try (Dashboard onB = Dashboard.open(direct(instanceB), onA)) {
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
        try (Dashboard probe = Dashboard.open(direct(instanceA), null)) {
            probe.awaitType("snapshot");
            epochOfA = probe.epoch();
        }
        long checkedInBefore = counts().getLong("checkedIn");
        // Opened one after another through the gateway, which takes turns: half land on A.
        List<ResendingKiosk> kiosks = new ArrayList<>();
        List<Dashboard> dashboards = new ArrayList<>();
        try {
            for (int k = 0; k < KIOSKS; k++) {
                kiosks.add(ResendingKiosk.connect(CLIENT, URI.create(ws + "/ws/checkin/kiosk/" + eventId),
                        platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                                .withGate("door-" + k))));
            }
            for (int d = 0; d < 4; d++) {
                Dashboard dashboard = Dashboard.open(ws, null);
                dashboard.awaitType("snapshot");
                dashboards.add(dashboard);
            }
            List<Dashboard> onA = dashboards.stream().filter(d -> d.epoch().equals(epochOfA)).toList();
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
            JsonObject health = new JsonObject(send("GET", gateway() + Gateway.HEALTH_PATH, null, null, 503));
            assertEquals("DOWN", health.getJsonObject("services").getJsonObject(instanceA.name()).getString("status"));
            scanning.get(30, TimeUnit.SECONDS);

            // Every client on A finds it dead (no 1001 comes) and reconnects through the gateway to B.
            for (Dashboard dashboard : onA) {
                ResendingKiosk.Notice notice = dashboard.noticed.get(10, TimeUnit.SECONDS);
                assertNotEquals("closed 1001", notice.how());
            }
            List<Dashboard> resumed = new ArrayList<>();
            for (Dashboard dashboard : onA) {
                Dashboard again = Dashboard.open(ws, dashboard);
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
            for (Dashboard dashboard : dashboards) {
                Dashboard after = onA.contains(dashboard) ? resumed.get(onA.indexOf(dashboard)) : null;
                awaitTrue(() -> checkInsOf(dashboard, after).containsAll(rush));
                List<String> applied = checkInsOf(dashboard, after).stream().filter(rush::contains).toList();
                assertEquals(rush.size(), applied.size(), "each check-in applied once: " + applied);
                assertEquals(List.of(), dashboard.gaps);
                if (after != null) {
                    assertEquals(0, after.ofType("snapshot").size());
                    after.assertConsecutive(after.awaitFirst().getLong("fromSeq"));
                }
            }
            resumed.forEach(Dashboard::close);

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
            dashboards.forEach(Dashboard::close);
        }
        // The Auto Scaling group replaces the instance: it takes connections again (the next test uses it).
        platform.restart(instanceA.name());
    }

    private static List<String> checkInsOf(Dashboard dashboard, Dashboard resumed) {
        List<String> all = new ArrayList<>(dashboard.checkIns());
        if (resumed != null) {
            all.addAll(resumed.checkIns());
        }
        return all;
    }

    private static JsonObject counts() {
        return new JsonObject(send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200));
    }

    @Test
    @Order(5)
    void stoppingAMidStreamClosesItsSocketsWith1001AndTheyResumeOnB() throws Exception {
        Dashboard onA = Dashboard.open(direct(instanceA), null);
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
        try (Dashboard resumed = Dashboard.open(gateway().replace("http:", "ws:"), onA)) {
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
        send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null, 200);
    }

    private static String gateway() {
        return "http://127.0.0.1:" + platform.gatewayPort();
    }

    private static String direct(LocalPlatform.Instance instance) {
        return "ws://127.0.0.1:" + instance.port();
    }

    private static void checkIn(String base, String registrationId) {
        send("POST", base.replace("ws:", "http:") + "/api/checkin/events/" + eventId + "/scans", staff,
                new JsonObject().put("registrationId", registrationId).encode(), 200);
    }

    /** A desk resends a scan whose answer did not come (the instance went away meanwhile). */
    private static void checkInThroughGateway(String registrationId) {
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<String> response = CLIENT.send(request("POST", gateway() + "/api/checkin/events/" + eventId
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

    private static List<String> stamps(Dashboard dashboard) {
        return dashboard.ofType("delta").stream().map(d -> d.getInteger("shard") + ":" + d.getLong("rev"))
                .sorted().toList();
    }

    private static HttpRequest request(String method, String url, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return request.build();
    }

    private static String send(String method, String url, String bearer, String body, int status) {
        try {
            HttpResponse<String> response = CLIENT.send(request(method, url, bearer, body),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), method + " " + url + ": " + response.body());
            return response.body();
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) {
        awaitTrue(condition, () -> "");
    }

    /** As above; a failure says what {@code seen} shows then. */
    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> seen) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + seen.get());
            }
            sleep(50);
        }
    }

    /** What each instance's live state and feed show, for a failure message. */
    private static String liveStateOf(String attendeeName) {
        StringBuilder state = new StringBuilder();
        for (LocalPlatform.Instance instance : List.of(instanceA, instanceB)) {
            try {
                state.append(instance.name()).append(": ").append(send("GET", "http://127.0.0.1:" + instance.port()
                        + "/api/checkin/events/" + eventId + "/attendees?q="
                        + java.net.URLEncoder.encode(attendeeName, java.nio.charset.StandardCharsets.UTF_8), staff, null, 200).lines().findFirst().orElse(""));
                send("GET", "http://127.0.0.1:" + instance.managementPort() + "/q/metrics", null, null, 200).lines()
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

    /** A dashboard socket as the staff page holds it: its messages, epoch, seq and shard position. */
    private static final class Dashboard implements AutoCloseable {

        final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        /** When ({@link System#nanoTime()}) and how this client found its socket dead: closed, dropped, or no pong. */
        final CompletableFuture<ResendingKiosk.Notice> noticed = new CompletableFuture<>();
        final List<String> gaps = Collections.synchronizedList(new ArrayList<>());
        private WebSocket socket;
        private ScheduledFuture<?> pings;
        private volatile long lastHeardNanos = System.nanoTime();
        private String epoch;
        private long seq;
        private long[] position;

        /**
         * Opens a dashboard at {@code wsBase}: fresh without {@code previous}, else resuming where
         * {@code previous} stopped (its epoch, seq and position), as the page does on reconnect.
         * It pings, as a native client does, to find a silent socket dead.
         */
        static Dashboard open(String wsBase, Dashboard previous) throws Exception {
            Dashboard dashboard = new Dashboard();
            String url = wsBase + "/ws/checkin/dashboard/" + eventId;
            if (previous != null) {
                synchronized (previous) {
                    url += "?" + previous.resumeQuery();
                    dashboard.epoch = previous.epoch;
                    dashboard.seq = previous.seq;
                    dashboard.position = previous.position.clone();
                }
            }
            dashboard.socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + staff)
                    .buildAsync(URI.create(url), dashboard.listener()).get(20, TimeUnit.SECONDS);
            dashboard.pings = PINGS.scheduleAtFixedRate(dashboard::checkLiveness, ResendingKiosk.PING_INTERVAL.toMillis(),
                    ResendingKiosk.PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return dashboard;
        }

        private void checkLiveness() {
            if (System.nanoTime() - lastHeardNanos > ResendingKiosk.LIVENESS_TIMEOUT.toNanos()) {
                dead("no pong within " + ResendingKiosk.LIVENESS_TIMEOUT.toMillis() + " ms");
                socket.abort();
            } else {
                socket.sendPing(java.nio.ByteBuffer.allocate(0));
            }
        }

        private void dead(String how) {
            noticed.complete(new ResendingKiosk.Notice(System.nanoTime(), how));
            pings.cancel(false);
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    lastHeardNanos = System.nanoTime();
                    text.append(data);
                    if (last) {
                        apply(new JsonObject(text.toString()));
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
                    lastHeardNanos = System.nanoTime();
                    return WebSocket.Listener.super.onPing(ws, message);
                }

                @Override
                public CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
                    lastHeardNanos = System.nanoTime();
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    dead("closed " + code);
                    closeCode.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    dead("dropped (" + error.getClass().getSimpleName() + ")");
                    closeCode.completeExceptionally(error);
                }
            };
        }

        /** The client rules of docs/websocket-protocol.md. */
        private synchronized void apply(JsonObject message) {
            switch (message.getString("type")) {
                case "snapshot" -> {
                    epoch = message.getString("epoch");
                    seq = message.getLong("seq");
                    position = java.util.Arrays.stream(message.getString("position").split("\\."))
                            .mapToLong(Long::parseLong).toArray();
                }
                case "resumed" -> {
                    if (!message.getString("epoch").equals(epoch)) {
                        epoch = message.getString("epoch");
                        seq = message.getLong("fromSeq") - 1;
                    }
                }
                case "delta" -> {
                    if (message.getLong("seq") != seq + 1) {
                        gaps.add(message.encode());
                    }
                    seq = message.getLong("seq");
                    Integer shard = message.getInteger("shard");
                    if (shard != null) {
                        if (message.getLong("rev") <= position[shard]) {
                            return; // applied on the instance this dashboard came from
                        }
                        position[shard] = message.getLong("rev");
                    }
                }
                default -> {
                }
            }
            received.add(message);
        }

        synchronized String epoch() {
            return epoch;
        }

        synchronized String resumeQuery() {
            return "epoch=" + java.net.URLEncoder.encode(epoch, java.nio.charset.StandardCharsets.UTF_8) + "&since=" + seq
                    + "&position=" + java.util.Arrays.stream(position).mapToObj(Long::toString)
                            .collect(Collectors.joining("."));
        }

        List<JsonObject> ofType(String type) {
            synchronized (received) {
                return received.stream().filter(m -> type.equals(m.getString("type"))).toList();
            }
        }

        List<String> checkIns() {
            return ofType("delta").stream().filter(d -> "checked_in".equals(d.getString("kind")))
                    .map(d -> d.getString("registrationId")).toList();
        }

        void awaitType(String type) {
            awaitTrue(() -> !ofType(type).isEmpty());
        }

        JsonObject awaitFirst() {
            awaitTrue(() -> !received.isEmpty());
            return received.get(0);
        }

        /** Every delta numbered last + 1, the first one {@code fromSeq}. */
        void assertConsecutive(long fromSeq) {
            assertEquals(List.of(), gaps, "deltas out of sequence");
            List<JsonObject> deltas = ofType("delta");
            assertTrue(deltas.isEmpty() || deltas.get(0).getLong("seq") >= fromSeq, deltas.toString());
        }

        @Override
        public void close() {
            pings.cancel(false);
            socket.abort();
        }
    }
}
