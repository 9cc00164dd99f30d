package io.eventplatform.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The load generator, in its own JVM: kiosk and dashboard WebSockets against one checkin-service
 * process. One run per invocation, described by a JSON spec file (written by {@link DoorRushCommand});
 * the results go to a JSON file beside it.
 *
 * <p>Scans are paced open-loop: scan i is due at {@code t0 + i/rate} and its latency counts from
 * then, however late the sender got to it (no coordinated omission). Every scan carries a ticket
 * of its own registration. Messages are read with {@code indexOf} on the text, not a JSON parser,
 * so that the client stays cheap next to the service on a shared machine.
 */
public final class LoadClient {

    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final JsonObject spec;
    private final String host = "127.0.0.1";
    /** The checkin-service instances' ports; sockets alternate between them as the gateway balances them. */
    private final List<Integer> ports;
    private final Vertx vertx;
    private final WebSocketClient client;

    // Per scan (index i): when it was due, the check-in time the dashboards were told, the slowest socket.
    private AtomicLongArray dueNanos;
    private AtomicLongArray ackMicros;
    private AtomicLongArray atMicros;
    private AtomicLongArray slowestMicros;
    private AtomicIntegerArray deliveriesPerScan;
    private Map<String, Integer> scanOfRegistration;

    /** Scans at the start that are checked but not timed (the client's own warm-up). */
    private volatile int settle;
    private final Recorder ackRecorder = new Recorder(MAX_MICROS, 3);
    private final Recorder dashRecorder = new Recorder(MAX_MICROS, 3);
    private final Recorder dashFromDueRecorder = new Recorder(MAX_MICROS, 3);
    private final LongAdder acks = new LongAdder();
    private final LongAdder duplicateAcks = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicateDeliveries = new LongAdder();
    private final LongAdder unknownDeliveries = new LongAdder();
    private final LongAdder negativeAt = new LongAdder();
    private final LongAdder kioskErrors = new LongAdder();
    private final LongAdder failedDashboards = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> otherDeltaKinds = new ConcurrentHashMap<>();

    LoadClient(JsonObject spec) {
        this.spec = spec;
        this.ports = spec.getJsonArray("ports").stream().map(p -> ((Number) p).intValue()).toList();
        int loops = spec.getInteger("eventLoops", Math.min(2, Runtime.getRuntime().availableProcessors()));
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setBlockedThreadCheckInterval(60_000));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                .setConnectTimeout(60_000).setMaxMessageSize(1 << 20).setMaxFrameSize(1 << 20)
                .setTryUsePerMessageCompression(false));
    }

    public static void main(String[] args) throws Exception {
        JsonObject spec = new JsonObject(Files.readString(Path.of(args[0])));
        LoadClient load = new LoadClient(spec);
        int status = 0;
        try {
            JsonObject result = "memory".equals(spec.getString("mode")) ? load.memory() : load.load();
            Files.writeString(Path.of(spec.getString("result")), result.encodePrettily());
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        } finally {
            load.vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        System.exit(status);
    }

    // ------------------------------------------------------------------ sockets

    /** One dashboard socket and what it has seen; touched only by its event loop until the run ends. */
    final class Dashboard {
        final CompletableFuture<Dashboard> ready = new CompletableFuture<>();
        WebSocket socket;
        long lastSeq = Long.MIN_VALUE;
        long gaps;
        long backwards;
        long snapshots;
        BitSet seen;

        void onMessage(String message) {
            long received = System.nanoTime();
            if (message.startsWith("{\"type\":\"delta\"") || message.contains("\"type\":\"delta\"")) {
                long seq = number(message, "\"seq\":");
                if (lastSeq != Long.MIN_VALUE) {
                    if (seq > lastSeq + 1) {
                        gaps += seq - lastSeq - 1;
                    } else if (seq <= lastSeq) {
                        backwards++;
                    }
                }
                lastSeq = Math.max(lastSeq, seq);
                String kind = string(message, "\"kind\":\"");
                if (!"checked_in".equals(kind)) {
                    otherDeltaKinds.computeIfAbsent(String.valueOf(kind), k -> new LongAdder()).increment();
                    return;
                }
                checkedIn(message, received);
            } else if (message.contains("\"type\":\"snapshot\"")) {
                snapshots++;
                lastSeq = number(message, "\"seq\":");
                ready.complete(this);
            } else if (message.contains("\"type\":\"resumed\"")) {
                lastSeq = number(message, "\"fromSeq\":") - 1;
            }
        }

        private void checkedIn(String message, long receivedNanos) {
            Integer scan = scanOfRegistration == null ? null : scanOfRegistration.get(string(message, "\"registrationId\":\""));
            if (scan == null) {
                unknownDeliveries.increment();
                return;
            }
            if (seen.get(scan)) {
                duplicateDeliveries.increment();
                return;
            }
            seen.set(scan);
            long at = atMicros.get(scan);
            if (at == 0) {
                Instant instant = Instant.parse(string(message, "\"at\":\""));
                at = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
                atMicros.set(scan, at);
            }
            long micros = wallMicros() - at;
            if (micros < 0) {
                negativeAt.increment();
                micros = 0;
            }
            micros = Math.min(micros, MAX_MICROS);
            if (scan >= settle) {
                dashRecorder.recordValue(micros);
            }
            long due = dueNanos.get(scan);
            if (due != 0 && scan >= settle) {
                dashFromDueRecorder.recordValue(Math.min(MAX_MICROS, Math.max(0, (receivedNanos - due) / 1000)));
            }
            long fromAt = micros;
            slowestMicros.accumulateAndGet(scan, fromAt, Math::max);
            deliveriesPerScan.incrementAndGet(scan);
            deliveries.increment();
        }
    }

    /** One kiosk socket. */
    final class Kiosk {
        final CompletableFuture<Kiosk> ready = new CompletableFuture<>();
        WebSocket socket;

        void onMessage(String message) {
            long received = System.nanoTime();
            if (message.contains("\"type\":\"scan_result\"")) {
                String requestId = string(message, "\"requestId\":\"");
                if (requestId == null || !requestId.startsWith("s-")) {
                    return;
                }
                int scan = Integer.parseInt(requestId, 2, requestId.length(), 10);
                long micros = Math.min(MAX_MICROS, Math.max(0, (received - dueNanos.get(scan)) / 1000));
                if (!ackMicros.compareAndSet(scan, -1, micros)) {
                    duplicateAcks.increment();
                    return;
                }
                if (scan >= settle) {
                    ackRecorder.recordValue(micros);
                }
                outcomes.computeIfAbsent(String.valueOf(string(message, "\"outcome\":\"")), k -> new LongAdder()).increment();
                acks.increment();
            } else if (message.contains("\"type\":\"welcome\"")) {
                ready.complete(this);
            } else if (message.contains("\"type\":\"error\"")) {
                kioskErrors.increment();
                if (kioskErrors.sum() <= 5) {
                    System.out.println("kiosk error: " + message);
                }
            }
        }
    }

    private WebSocketConnectOptions options(int socket, String path, String token) {
        return new WebSocketConnectOptions().setHost(host).setPort(ports.get(socket % ports.size())).setURI(path)
                .addHeader("Authorization", "Bearer " + token);
    }

    /** Opens {@code count} dashboards, at most 200 handshakes in flight, and waits for every snapshot. */
    List<Dashboard> openDashboards(int count, int scans) throws Exception {
        String path = "/ws/checkin/dashboard/" + spec.getString("eventId");
        String token = spec.getString("staffToken");
        Semaphore inFlight = new Semaphore(200);
        List<Dashboard> dashboards = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            inFlight.acquire();
            Dashboard dashboard = new Dashboard();
            dashboard.seen = new BitSet(scans);
            dashboards.add(dashboard);
            dashboard.ready.whenComplete((ok, e) -> inFlight.release());
            client.connect(options(d, path, token)).onSuccess(ws -> {
                dashboard.socket = ws;
                ws.textMessageHandler(dashboard::onMessage);
                ws.closeHandler(v -> {
                    closeCodes.computeIfAbsent("dashboard " + ws.closeStatusCode(), k -> new LongAdder()).increment();
                    dashboard.ready.completeExceptionally(new IllegalStateException("closed before the snapshot"));
                });
            }).onFailure(dashboard.ready::completeExceptionally);
        }
        CompletableFuture.allOf(dashboards.stream().map(d -> d.ready.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        List<Dashboard> open = dashboards.stream().filter(d -> !d.ready.isCompletedExceptionally()).toList();
        if (open.size() < count) {
            failedDashboards.add(count - open.size());
            dashboards.stream().filter(d -> d.ready.isCompletedExceptionally()).findFirst()
                    .ifPresent(d -> d.ready.exceptionally(e -> {
                        System.out.println((count - open.size()) + " dashboards failed to open, e.g.: " + e);
                        return null;
                    }));
        }
        return open;
    }

    List<Kiosk> openKiosks() throws Exception {
        String path = "/ws/checkin/kiosk/" + spec.getString("eventId");
        List<Kiosk> kiosks = new ArrayList<>();
        JsonArray tokens = spec.getJsonArray("kioskTokens");
        for (int n = 0; n < tokens.size(); n++) {
            Kiosk kiosk = new Kiosk();
            kiosks.add(kiosk);
            client.connect(options(n, path, tokens.getString(n))).onSuccess(ws -> {
                kiosk.socket = ws;
                ws.textMessageHandler(kiosk::onMessage);
                ws.closeHandler(v -> closeCodes.computeIfAbsent("kiosk " + ws.closeStatusCode(), k -> new LongAdder())
                        .increment());
            }).onFailure(kiosk.ready::completeExceptionally);
        }
        CompletableFuture.allOf(kiosks.stream().map(k -> k.ready).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        return kiosks;
    }

    // ------------------------------------------------------------------ a paced run

    JsonObject load() throws Exception {
        List<String[]> scans = Files.readAllLines(Path.of(spec.getString("scansFile"))).stream()
                .filter(line -> !line.isBlank()).map(line -> line.split(" ", 2)).toList();
        int total = scans.size();
        double rate = spec.getDouble("rate");
        settle = spec.getInteger("settleScans", 0);
        dueNanos = new AtomicLongArray(total);
        ackMicros = new AtomicLongArray(total);
        atMicros = new AtomicLongArray(total);
        slowestMicros = new AtomicLongArray(total);
        deliveriesPerScan = new AtomicIntegerArray(total);
        for (int i = 0; i < total; i++) {
            ackMicros.set(i, -1);
            slowestMicros.set(i, -1);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < total; i++) {
            index.put(scans.get(i)[0], i);
        }
        scanOfRegistration = index;
        List<Long> servicePids = pids("servicePids");
        List<Long> ourPids = new ArrayList<>(pids("ourPids"));
        ourPids.add(ProcessHandle.current().pid());

        long readyNanos = 0;
        if (spec.getBoolean("waitReady", false)) {
            readyNanos = awaitReady();
        }
        long connectStart = System.nanoTime();
        List<Dashboard> dashboards = openDashboards(spec.getInteger("dashboards"), total);
        List<Kiosk> kiosks = openKiosks();
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        if (readyNanos == 0) {
            Thread.sleep(1000); // let the handshakes' garbage and JIT settle before the measured window
        }
        String[] commands = new String[total];
        for (int i = 0; i < total; i++) {
            commands[i] = "{\"type\":\"scan\",\"requestId\":\"s-" + i + "\",\"ticket\":\"" + scans.get(i)[1]
                    + "\",\"direction\":\"entry\"}";
        }
        System.out.printf("%s: %d dashboards and %d kiosks open in %d ms; %d scans at %.0f/s%n", spec.getString("name"),
                dashboards.size(), kiosks.size(), connectMillis, total, rate);

        long dynamoPid = spec.getLong("dynamoPid", -1L);
        long dynamoTicksStart = ProcStats.cpuTicks(dynamoPid);
        ProcStats.Window start = ProcStats.Window.take(servicePids, ourPids);
        long clientTicksStart = ProcStats.cpuTicks(ProcessHandle.current().pid());
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        JsonArray timeline = new JsonArray();
        Histogram ackTotal = new Histogram(MAX_MICROS, 3);
        Histogram dashTotal = new Histogram(MAX_MICROS, 3);
        Histogram dashFromDueTotal = new Histogram(MAX_MICROS, 3);
        Thread ticker = new Thread(() -> {
            long next = t0 + TimeUnit.SECONDS.toNanos(1);
            while (!Thread.currentThread().isInterrupted()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                synchronized (timeline) {
                    timeline.add(tick(t0, ackTotal, dashTotal, dashFromDueTotal));
                }
                next += TimeUnit.SECONDS.toNanos(1);
            }
        }, "timeline");
        ticker.setDaemon(true);
        ticker.start();

        long maxLagNanos = 0;
        for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i * 1e9 / rate);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 100_000) {
                    LockSupport.parkNanos(wait - 50_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
            dueNanos.set(i, due);
            kiosks.get(i % kiosks.size()).socket.writeTextMessage(commands[i]);
        }
        long sendEnd = System.nanoTime();
        long expectedDeliveries = (long) total * dashboards.size();
        long lastProgress = System.nanoTime();
        long lastCount = -1;
        while (true) {
            long count = acks.sum() + deliveries.sum() + duplicateDeliveries.sum();
            if (acks.sum() >= total && deliveries.sum() >= expectedDeliveries) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            }
            long now = System.nanoTime();
            if (now - lastProgress > TimeUnit.SECONDS.toNanos(5) || now - sendEnd > TimeUnit.SECONDS.toNanos(60)) {
                break;
            }
            Thread.sleep(5);
        }
        ProcStats.Window end = ProcStats.Window.take(servicePids, ourPids);
        long clientTicks = ProcStats.cpuTicks(ProcessHandle.current().pid()) - clientTicksStart;
        long dynamoTicks = ProcStats.cpuTicks(dynamoPid) - dynamoTicksStart;
        Thread.sleep(300); // anything late or duplicated still lands before counting
        ticker.interrupt();
        ticker.join();
        synchronized (timeline) {
            timeline.add(tick(t0, ackTotal, dashTotal, dashFromDueTotal));
        }

        Histogram every = new Histogram(MAX_MICROS, 3);
        long incompleteScans = 0;
        for (int i = 0; i < total; i++) {
            if (deliveriesPerScan.get(i) == dashboards.size() && dashboards.size() > 0) {
                if (i >= settle) {
                    every.recordValue(slowestMicros.get(i));
                }
            } else if (dashboards.size() > 0) {
                incompleteScans++;
            }
        }
        long unique = 0;
        long gaps = 0;
        long backwards = 0;
        long extraSnapshots = 0;
        for (Dashboard d : dashboards) {
            unique += d.seen.cardinality();
            gaps += d.gaps;
            backwards += d.backwards;
            extraSnapshots += d.snapshots - 1;
        }
        long lostAcks = 0;
        for (int i = 0; i < total; i++) {
            if (ackMicros.get(i) < 0) {
                lostAcks++;
            }
        }
        double seconds = end.seconds(start);
        double serviceMicros = end.serviceMicros(start);
        JsonObject result = new JsonObject()
                .put("name", spec.getString("name")).put("mode", "load")
                .put("dashboards", dashboards.size()).put("kiosks", kiosks.size())
                .put("rate", rate).put("scans", total)
                .put("sendSeconds", round((sendEnd - t0) / 1e9, 2))
                .put("windowSeconds", round(seconds, 2))
                .put("senderMaxLagMs", round(maxLagNanos / 1e6, 2))
                .put("connectMillis", connectMillis)
                .put("acks", acks.sum()).put("lostAcks", lostAcks).put("duplicateAcks", duplicateAcks.sum())
                .put("outcomes", counts(outcomes)).put("kioskErrors", kioskErrors.sum())
                .put("ackMicros", summary(ackTotal))
                .put("dashboardMicros", summary(dashTotal))
                .put("dashboardFromDueMicros", summary(dashFromDueTotal))
                .put("everyDashboardMicros", summary(every))
                .put("deliveriesExpected", expectedDeliveries)
                .put("deliveriesUnique", unique)
                .put("lostDeliveries", expectedDeliveries - unique)
                .put("scansNotOnEveryDashboard", incompleteScans)
                .put("duplicateDeliveries", duplicateDeliveries.sum())
                .put("unknownDeliveries", unknownDeliveries.sum())
                .put("seqGaps", gaps).put("seqBackwards", backwards).put("extraSnapshots", extraSnapshots)
                .put("otherDeltas", counts(otherDeltaKinds))
                .put("closes", counts(closeCodes)).put("failedDashboards", failedDashboards.sum())
                .put("negativeAtLatencies", negativeAt.sum())
                .put("serviceCpuMicros", Math.round(serviceMicros))
                .put("servicePercentOfCore", round(100.0 * serviceMicros / 1e6 / seconds, 1))
                .put("dynamoDbLocalPercentOfCore", round(100.0 * dynamoTicks / ProcStats.CLK_TCK / seconds, 1))
                .put("clientPercentOfCore", round(100.0 * clientTicks / ProcStats.CLK_TCK / seconds, 1))
                .put("machineBusyPercent", round(end.machineBusyPercent(start), 1))
                .put("otherBusyPercent", round(end.otherBusyPercent(start), 1))
                .put("instances", servicePids.size())
                .put("serviceRssKb", servicePids.stream().mapToLong(ProcStats::rssKb).sum())
                .put("timeline", timeline);
        if (readyNanos != 0) {
            result.put("cold", cold(total, readyNanos, t0));
        }
        writeDistribution(ackTotal, "ack");
        writeDistribution(dashTotal, "dashboard");
        writeDistribution(every, "every-dashboard");
        dashboards.forEach(d -> d.socket.close());
        kiosks.forEach(k -> k.socket.close());
        System.out.printf("%s: acks %d/%d, deliveries %d/%d, ack p50 %.1f ms p99 %.1f ms, every dashboard p50 %.1f ms p99 %.1f ms%n",
                spec.getString("name"), acks.sum(), total, unique, expectedDeliveries,
                ackTotal.getValueAtPercentile(50) / 1000.0, ackTotal.getValueAtPercentile(99) / 1000.0,
                every.getValueAtPercentile(50) / 1000.0, every.getValueAtPercentile(99) / 1000.0);
        return result;
    }

    /** Cold start: the first 20 scans after the service said ready against the second half of the run. */
    private JsonObject cold(int total, long readyNanos, long t0) {
        Histogram first = new Histogram(MAX_MICROS, 3);
        Histogram warm = new Histogram(MAX_MICROS, 3);
        Histogram firstDash = new Histogram(MAX_MICROS, 3);
        Histogram warmDash = new Histogram(MAX_MICROS, 3);
        for (int i = 0; i < total; i++) {
            long ack = ackMicros.get(i);
            long dash = slowestMicros.get(i);
            if (i < 20) {
                if (ack >= 0) {
                    first.recordValue(ack);
                }
                if (dash >= 0) {
                    firstDash.recordValue(dash);
                }
            } else if (i >= total / 2) {
                if (ack >= 0) {
                    warm.recordValue(ack);
                }
                if (dash >= 0) {
                    warmDash.recordValue(dash);
                }
            }
        }
        return new JsonObject().put("readyToFirstScanMs", round((t0 - readyNanos) / 1e6, 1))
                .put("first20AckMicros", summary(first)).put("warmAckMicros", summary(warm))
                .put("first20EveryDashboardMicros", summary(firstDash)).put("warmEveryDashboardMicros", summary(warmDash));
    }

    private JsonObject tick(long t0, Histogram ackTotal, Histogram dashTotal, Histogram dashFromDueTotal) {
        Histogram ack = ackRecorder.getIntervalHistogram();
        Histogram dash = dashRecorder.getIntervalHistogram();
        ackTotal.add(ack);
        dashTotal.add(dash);
        dashFromDueTotal.add(dashFromDueRecorder.getIntervalHistogram());
        return new JsonObject().put("t", round((System.nanoTime() - t0) / 1e9, 2))
                .put("ack", summary(ack)).put("dashboard", summary(dash));
    }

    /** Polls /q/health/ready every 10 ms; returns when it first answered 200. */
    private long awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        URI ready = URI.create(spec.getString("readyUrl"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("checkin-service was not ready within 180 s");
    }

    // ------------------------------------------------------------------ idle memory

    JsonObject memory() throws Exception {
        List<Long> servicePids = pids("servicePids");
        long servicePid = servicePids.get(0);
        int sockets = spec.getInteger("dashboards");
        // Warm-up: class loading, JIT of the handshake path and Netty's arenas are not per-socket cost.
        List<Dashboard> warmup = openDashboards(spec.getInteger("warmupSockets", 200), 1);
        warmup.forEach(d -> d.socket.close());
        Thread.sleep(2000);
        List<Long> ourPids = new ArrayList<>(pids("ourPids"));
        ourPids.add(ProcessHandle.current().pid());
        ProcStats.Window start = ProcStats.Window.take(servicePids, ourPids);
        ServerMemory before = ServerMemory.measure(servicePid);
        int filesBefore = ProcStats.openFiles(servicePid);
        long started = System.nanoTime();
        List<Dashboard> dashboards = openDashboards(sockets, 1);
        long openMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(3000);
        int filesAfter = ProcStats.openFiles(servicePid);
        ServerMemory after = ServerMemory.measure(servicePid);
        ProcStats.Window end = ProcStats.Window.take(servicePids, ourPids);
        long closedEarly = dashboards.stream().filter(d -> d.socket == null || d.socket.isClosed()).count();
        System.out.printf("%s: %d idle dashboards open in %d ms; RSS %d -> %d KiB%n", spec.getString("name"),
                dashboards.size(), openMillis, before.rssKb(), after.rssKb());
        JsonObject result = new JsonObject().put("name", spec.getString("name")).put("mode", "memory")
                .put("sockets", sockets).put("openMillis", openMillis).put("closedBeforeMeasuring", closedEarly)
                .put("serviceOpenFilesBefore", filesBefore).put("serviceOpenFilesAfter", filesAfter)
                .put("clientOpenFiles", ProcStats.openFiles(ProcessHandle.current().pid()))
                .put("before", before.toJson()).put("after", after.toJson())
                .put("perSocketBytes", ServerMemory.perSocket(before, after, sockets))
                .put("closes", counts(closeCodes)).put("failedDashboards", failedDashboards.sum())
                .put("otherBusyPercent", round(end.otherBusyPercent(start), 1));
        Files.writeString(Path.of(spec.getString("outDir"), spec.getString("name") + "-nmt-before.txt"), before.nmt());
        Files.writeString(Path.of(spec.getString("outDir"), spec.getString("name") + "-nmt-after.txt"), after.nmt());
        dashboards.forEach(d -> d.socket.close());
        return result;
    }

    // ------------------------------------------------------------------ small helpers

    private List<Long> pids(String field) {
        return spec.getJsonArray(field, new JsonArray()).stream().map(p -> ((Number) p).longValue()).toList();
    }

    private void writeDistribution(Histogram histogram, String what) throws Exception {
        Path file = Path.of(spec.getString("outDir"), spec.getString("name") + "-" + what + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file))) {
            if (histogram.getTotalCount() > 0) {
                histogram.outputPercentileDistribution(out, 1000.0); // milliseconds
            }
        }
    }

    static JsonObject summary(Histogram h) {
        JsonObject j = new JsonObject().put("n", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return j;
        }
        return j.put("p50", h.getValueAtPercentile(50)).put("p90", h.getValueAtPercentile(90))
                .put("p99", h.getValueAtPercentile(99)).put("p999", h.getValueAtPercentile(99.9))
                .put("max", h.getMaxValue());
    }

    private static JsonObject counts(Map<String, LongAdder> counts) {
        JsonObject j = new JsonObject();
        counts.forEach((k, v) -> j.put(k, v.sum()));
        return j;
    }

    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** The digits after {@code key} (e.g. {@code "seq":}), or -1. */
    static long number(String message, String key) {
        int at = message.indexOf(key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + key.length(); i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The string value after {@code key} (which ends with the opening quote), or null. */
    static String string(String message, String key) {
        int at = message.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = message.indexOf('"', from);
        return to < 0 ? null : message.substring(from, to);
    }
}
