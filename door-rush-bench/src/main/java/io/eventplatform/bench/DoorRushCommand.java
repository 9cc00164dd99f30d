package io.eventplatform.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.ClassDataArchive;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.QuarkusJar;
import io.eventplatform.stack.StackException;
import io.eventplatform.stack.TokenMinter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code ./platform bench door-rush}: the door-rush benchmark of issue #9. Starts DynamoDB Local
 * (streams on) through the embedded stack and checkin-service from its packaged jar as its own
 * process, seeds events and registrations through the shared item codecs, mints kiosk and staff
 * tokens as {@code ./platform token} does, runs each scenario with {@link LoadClient} in a separate
 * JVM, runs the bare Vert.x fan-out baseline for comparison, and writes a report.
 */
public final class DoorRushCommand {

    private static final String USAGE = """
            usage: ./platform bench door-rush [--scenario all|1|2|3|4|5[,..]] [--duration SECONDS] [--quick]
                                              [--port-base 18080] [--out DIR] [--baseline DIR|none]
                                              [--checkin-instances 1|2]
                   ./platform bench door-rush --report DIR     (re-render DIR/report.md from DIR/results.json)
              1  25 scans/s from 50 kiosks, 10 dashboards          (30 s)
              2  100 scans/s from 50 kiosks, 100 dashboards        (60 s)
              3  25 scans/s from 50 kiosks, 1,000 dashboards       (30 s)
              4  idle memory: 10,000 dashboard sockets (fresh service, NMT on)
              5  cold start: the first scans after the service is ready vs warm (fresh service, 30 s)
              --duration sets every paced scenario's length; --quick: 4 s each, 1,000 idle sockets.
              Ports: service = base, DynamoDB Local = base+1, S3 server = base+2, baseline server = base+3,
              service health and metrics = base+4.
              --checkin-instances 2: a second checkin-service on base+5 (health and metrics base+6), both
              reading the table's stream; kiosks and dashboards alternate between the two, as the
              gateway balances them. Scenarios 1-3 only (4 and 5 measure one instance).
            """;

    /**
     * JVM options of checkin-service: those of {@code ./platform run} (local-platform's ServiceProcess).
     * The deploy pins no heap: docker-compose runs the ubi9 OpenJDK image's run-java.sh defaults
     * (no container limit set) and AWS runs the native executable.
     */
    static final List<String> SERVICE_JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

    static final int KIOSKS = 50;

    private final Path home;
    private final Options options;
    private final Path out;
    private final List<ChildProcess> running = new ArrayList<>();
    private EmbeddedStack stack;
    /** The running checkin-service instances, first instance first. */
    private final List<ChildProcess> services = new ArrayList<>();
    private int serviceStarts;
    private final Map<String, JsonObject> results = new LinkedHashMap<>();

    record Options(List<String> scenarios, Integer duration, boolean quick, int portBase, Path out, String baseline,
            int checkinInstances) {
    }

    /** Two at most: DynamoDB Streams serves about two readers per shard (ARCHITECTURE's change feed). */
    static final int MAX_CHECKIN_INSTANCES = 2;

    /**
     * Seconds at the start of each warm run whose scans are sent and checked (lost, order) but
     * not timed: each run has a fresh load-client JVM, and its own JIT warm-up is not the service's
     * latency. The cold-start run times everything.
     */
    static final int SETTLE_SECONDS = 5;

    /** One paced run: its event, scan rate, dashboards and measured length (after the settling scans). */
    record Run(String name, String label, double rate, int dashboards, int seconds, boolean cold) {
        int settleScans() {
            return cold ? 0 : (int) Math.round(rate * SETTLE_SECONDS);
        }

        int scans() {
            return (int) Math.round(rate * seconds) + settleScans();
        }
    }

    DoorRushCommand(Path home, Options options) {
        this.home = home;
        this.options = options;
        this.out = options.out();
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--report")) {
            // Re-renders report.md and the plots of an earlier run from its results.json.
            Path dir = Path.of(args[1]).toAbsolutePath();
            System.out.println(Report.write(dir, new JsonObject(Files.readString(dir.resolve("results.json")))));
            return;
        }
        Path home = Path.of(System.getProperty("platform.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = parse(home, args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        DoorRushCommand command = new DoorRushCommand(home, options);
        Thread stopper = new Thread(command::stopAll, "door-rush-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int status = 0;
        try {
            command.run();
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            e.printStackTrace();
            status = 1;
        } finally {
            command.stopAll();
        }
        System.exit(status);
    }

    static Options parse(Path home, String[] args) {
        List<String> scenarios = List.of("1", "2", "3", "4", "5");
        Integer duration = null;
        boolean quick = false;
        int portBase = 18080;
        Path out = null;
        String baseline = null;
        int checkinInstances = 1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--scenario", "--scenarios" -> {
                    String value = value(args, ++i, arg);
                    scenarios = value.equals("all") ? scenarios : List.of(value.split(","));
                    for (String s : scenarios) {
                        if (!List.of("1", "2", "3", "4", "5").contains(s)) {
                            throw new IllegalArgumentException("unknown scenario " + s);
                        }
                    }
                }
                case "--duration" -> duration = Integer.parseInt(value(args, ++i, arg));
                case "--port-base", "--port" -> portBase = Integer.parseInt(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--baseline" -> baseline = value(args, ++i, arg);
                case "--checkin-instances" -> {
                    checkinInstances = Integer.parseInt(value(args, ++i, arg));
                    if (checkinInstances < 1 || checkinInstances > MAX_CHECKIN_INSTANCES) {
                        throw new IllegalArgumentException("--checkin-instances must be 1 or 2");
                    }
                }
                case "--through-gateway" -> throw new IllegalArgumentException("--through-gateway is not supported yet");
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (checkinInstances > 1 && (scenarios.contains("4") || scenarios.contains("5"))) {
            if (scenarios.stream().noneMatch(List.of("1", "2", "3")::contains)) {
                throw new IllegalArgumentException("scenarios 4 and 5 measure one instance; choose 1, 2 or 3");
            }
            scenarios = scenarios.stream().filter(List.of("1", "2", "3")::contains).toList();
        }
        if (out == null) {
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
            out = home.resolve("target/bench/door-rush")
                    .resolve(stamp + (checkinInstances > 1 ? "-" + checkinInstances + "-instances" : "") + (quick ? "-quick" : ""));
        }
        return new Options(scenarios, duration, quick, portBase, out, baseline, checkinInstances);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    // ------------------------------------------------------------------ the plan

    private int seconds(int full) {
        return options.duration() != null ? options.duration() : options.quick() ? 4 : full;
    }

    private boolean selected(String scenario) {
        return options.scenarios().contains(scenario);
    }

    /** The paced runs in order; scenario 5 first because it needs a service that has never served. */
    List<Run> pacedRuns() {
        List<Run> runs = new ArrayList<>();
        if (selected("5")) {
            runs.add(new Run("s5-cold", "5. cold start: 25 scans/s, 50 kiosks, 10 dashboards", 25, 10, seconds(30), true));
        } else if (selected("1") || selected("2") || selected("3")) {
            runs.add(new Run("warmup", "warm-up", 25, 10, options.quick() ? 3 : 10, false));
        }
        if (selected("1")) {
            runs.add(new Run("s1", "1. 25 scans/s, 50 kiosks, 10 dashboards", 25, 10, seconds(30), false));
        }
        if (selected("1") || selected("3")) {
            runs.add(new Run("scan-only-25", "25 scans/s, 0 dashboards (scan CPU)", 25, 0, seconds(20), false));
        }
        if (selected("3")) {
            runs.add(new Run("s3", "3. 25 scans/s, 50 kiosks, 1,000 dashboards", 25, 1000, seconds(30), false));
        }
        if (selected("2")) {
            runs.add(new Run("scan-only-100", "100 scans/s, 0 dashboards (scan CPU)", 100, 0, seconds(20), false));
            runs.add(new Run("s2", "2. 100 scans/s, 50 kiosks, 100 dashboards", 100, 100, seconds(60), false));
        }
        return runs;
    }

    // ------------------------------------------------------------------ running it

    void run() throws Exception {
        Files.createDirectories(out.resolve("logs"));
        System.out.println("Door-rush benchmark -> " + out);
        int servicePort = options.portBase();
        int dynamoPort = servicePort + 1;
        int s3Port = servicePort + 2;
        List<Integer> ports = new ArrayList<>(List.of(dynamoPort, s3Port, servicePort + 3));
        for (int n = 0; n < options.checkinInstances(); n++) {
            ports.addAll(List.of(servicePort(n), managementPort(n)));
        }
        for (int port : ports) {
            Ports.requireFree(port, "the benchmark (choose another --port-base)");
        }
        JsonObject environment = Environment.describe(home, SERVICE_JVM, options);
        System.out.printf("%d cores, machine %.0f %% busy before start%n", environment.getInteger("nproc"),
                environment.getDouble("busyBeforeStartPercent"));
        Path jar = home.resolve("checkin-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StackException("checkin-service is not built (" + jar + "); ./platform bench builds it");
        }

        System.out.println("Starting DynamoDB Local (streams on) and the S3 server...");
        stack = EmbeddedStack.start(new EmbeddedStack.Options(out.resolve("stack"), false, dynamoPort, s3Port,
                TableSchema.DEFAULT_TABLE_NAME, EmbeddedStack.DEFAULT_BUCKET));
        synchronized (running) {
            running.addAll(stack.processes());
        }

        // Everything is written before checkin-service starts: its feed starts at LATEST, so the
        // seeding's own stream records are not part of any measured window.
        List<Run> runs = pacedRuns();
        Map<String, Path> specs = new LinkedHashMap<>();
        String staffToken = stack.tokens().mint(TokenMinter.TokenRequest.forRole(Roles.STAFF, null));
        long seeded = System.nanoTime();
        int registrations = 0;
        for (Run run : runs) {
            specs.put(run.name(), seed(run, staffToken));
            registrations += run.scans();
        }
        String memoryEvent = null;
        if (selected("4")) {
            memoryEvent = event("Door rush idle memory");
        }
        System.out.printf("Seeded %d registrations (with tickets) over %d events in %.1f s%n", registrations,
                runs.size() + (memoryEvent == null ? 0 : 1), (System.nanoTime() - seeded) / 1e9);

        for (Run run : runs) {
            if (services.isEmpty() || run.cold()) {
                startServices(false, !run.cold());
            }
            if (!run.cold()) {
                awaitServicesIdle();
            }
            JsonObject spec = new JsonObject(Files.readString(specs.get(run.name())));
            spec.put("servicePids", servicePids()).put("ourPids", ourPids()).put("dynamoPid", stack.processes().get(0).pid())
                    .put("waitReady", run.cold()).put("readyUrl", "http://127.0.0.1:" + managementPort(0) + "/q/health/ready");
            Files.writeString(specs.get(run.name()), spec.encodePrettily());
            JsonObject result = runClient(run.name(), specs.get(run.name()));
            result.put("label", run.label());
            results.put(run.name(), result);
            for (ChildProcess service : services) {
                if (!service.isAlive()) {
                    throw new StackException(service.name() + " died during " + run.name() + "; see " + service.logFile());
                }
            }
        }
        stopServices();

        if (memoryEvent != null) {
            startServices(true, true);
            int sockets = options.quick() ? 1000 : 10_000;
            JsonObject spec = new JsonObject().put("name", "s4-memory").put("mode", "memory").put("ports", new JsonArray().add(servicePort))
                    .put("eventId", memoryEvent).put("staffToken", staffToken).put("dashboards", sockets)
                    .put("warmupSockets", 200).put("servicePids", servicePids()).put("ourPids", ourPids())
                    .put("outDir", out.toString()).put("result", out.resolve("s4-memory.json").toString());
            Path specFile = out.resolve("s4-memory-spec.json");
            Files.writeString(specFile, spec.encodePrettily());
            JsonObject result = runClient("s4-memory", specFile);
            result.put("label", "4. idle memory: " + String.format("%,d", sockets) + " dashboard sockets");
            results.put("s4-memory", result);
            stopServices();
        }
        stack.close();
        synchronized (running) {
            running.removeAll(stack.processes());
        }
        stack = null;

        JsonObject baseline = new Baseline(home, out, options).run(this::track, this::untrack);
        JsonObject all = new JsonObject().put("environment", environment).put("baseline", baseline);
        JsonObject runsJson = new JsonObject();
        results.forEach(runsJson::put);
        all.put("runs", runsJson);
        Files.writeString(out.resolve("results.json"), all.encodePrettily());
        String table = Report.write(out, all);
        System.out.println();
        System.out.println(table);
        System.out.println("Report: " + out.resolve("report.md"));
    }

    /** Writes a fresh event, its registrations and their tickets; returns the run's spec file. */
    private Path seed(Run run, String staffToken) throws Exception {
        String eventId = event("Door rush " + run.name());
        List<RegistrationItem> registrations = new ArrayList<>();
        for (int i = 0; i < run.scans(); i++) {
            String id = "reg-" + UUID.randomUUID();
            registrations.add(new RegistrationItem(id, eventId, "Guest " + i,
                    RegistrationItem.normaliseEmail("guest." + i + "." + id.substring(4, 12) + "@example.org"),
                    RegistrationStatus.CONFIRMED, Instant.now(), Map.of(), null, null, false, 1,
                    RegistrationItem.FIRST_TICKET_VERSION, null));
        }
        writeAll(registrations);
        var ticketKeys = stack.ticketKeys().keyPair();
        String keyId = TicketCodec.keyId(ticketKeys.getPublic());
        Instant issued = Instant.now();
        StringBuilder scans = new StringBuilder();
        for (RegistrationItem registration : registrations) {
            scans.append(registration.registrationId()).append(' ')
                    .append(TicketCodec.sign(new TicketToken(registration.registrationId(), eventId,
                            RegistrationItem.FIRST_TICKET_VERSION, issued, issued.plus(Duration.ofDays(1))),
                            ticketKeys.getPrivate(), keyId))
                    .append('\n');
        }
        Path scansFile = out.resolve(run.name() + "-scans.txt");
        Files.writeString(scansFile, scans);
        JsonArray kioskTokens = new JsonArray();
        for (int k = 0; k < KIOSKS; k++) {
            // As ./platform token kiosk --event ID --gate GATE does.
            kioskTokens.add(stack.tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                    .withGate("door-" + (k % 5 + 1))));
        }
        JsonArray servicePorts = new JsonArray();
        for (int n = 0; n < options.checkinInstances(); n++) {
            servicePorts.add(servicePort(n));
        }
        JsonObject spec = new JsonObject().put("name", run.name()).put("mode", "load").put("ports", servicePorts)
                .put("eventId", eventId).put("rate", run.rate()).put("dashboards", run.dashboards())
                .put("settleScans", run.settleScans())
                .put("kioskTokens", kioskTokens).put("staffToken", staffToken)
                .put("scansFile", scansFile.toString()).put("outDir", out.toString())
                .put("result", out.resolve(run.name() + ".json").toString());
        Path specFile = out.resolve(run.name() + "-spec.json");
        Files.writeString(specFile, spec.encodePrettily());
        return specFile;
    }

    private String event(String name) {
        String eventId = "evt-rush-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        EventItem event = new EventItem(eventId, name, null, "Hall A", now.plusSeconds(3600), now.plusSeconds(7200),
                "Europe/Berlin", 100_000, true, now.minusSeconds(86_400), now.plusSeconds(3600),
                EventItem.EventState.PUBLISHED, List.of(), List.of(), 1);
        stack.dynamoDb().putItem(r -> r.tableName(stack.options().tableName()).item(event.toItem()));
        return eventId;
    }

    /** Batch writes of 25 on 4 threads, unprocessed items retried. */
    private void writeAll(List<RegistrationItem> registrations) throws Exception {
        String table = stack.options().tableName();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < registrations.size(); from += 25) {
                List<RegistrationItem> slice = registrations.subList(from, Math.min(from + 25, registrations.size()));
                batches.add(writers.submit(() -> {
                    Map<String, List<WriteRequest>> items = Map.of(table, slice.stream()
                            .map(r -> WriteRequest.builder().putRequest(PutRequest.builder().item(r.toItem()).build()).build())
                            .toList());
                    var left = stack.dynamoDb().batchWriteItem(b -> b.requestItems(items)).unprocessedItems();
                    while (left != null && !left.isEmpty()) {
                        Map<String, List<WriteRequest>> retry = left;
                        left = stack.dynamoDb().batchWriteItem(b -> b.requestItems(retry)).unprocessedItems();
                    }
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            writers.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ processes

    /** Starts every checkin-service instance, together, as an Auto Scaling group would. */
    private void startServices(boolean nativeMemoryTracking, boolean awaitReady) {
        serviceStarts++;
        long started = System.nanoTime();
        for (int n = 0; n < options.checkinInstances(); n++) {
            services.add(startService(n, nativeMemoryTracking));
        }
        if (awaitReady) {
            for (int n = 0; n < services.size(); n++) {
                awaitReady(services.get(n), managementPort(n));
            }
            System.out.printf("checkin-service ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    private ChildProcess startService(int instance, boolean nativeMemoryTracking) {
        int port = servicePort(instance);
        Ports.requireFree(port, "checkin-service");
        List<String> jvm = new ArrayList<>(SERVICE_JVM);
        if (nativeMemoryTracking) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        jvm.add("-Dquarkus.http.port=" + port);
        jvm.add("-Dquarkus.http.host=127.0.0.1");
        jvm.add("-Dquarkus.management.port=" + managementPort(instance));
        jvm.add("-Dquarkus.management.host=127.0.0.1");
        // Only shortens the stop between scenarios: with 3.34.2, HTTP draining otherwise waits its full
        // timeout once WebSockets were open (see application.properties).
        jvm.add("-Dquarkus.shutdown.timeout=2s");
        stack.serviceConfig().forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        stack.checkinConfig().forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        QuarkusJar jar = new QuarkusJar(home.resolve("checkin-service/target/quarkus-app/quarkus-run.jar"));
        String name = instance == 0 ? "checkin-service" : "checkin-service-" + (instance + 1);
        // With the AppCDS archive that ./platform bench builds, as a production image would ship it.
        ChildProcess service = jar.start(name, jvm, out.resolve("logs/" + name + "-" + serviceStarts + ".log"));
        track(service);
        System.out.printf("Started %s (pid %d, %s%s%s)%n", name, service.pid(), String.join(" ", SERVICE_JVM),
                nativeMemoryTracking ? " -XX:NativeMemoryTracking=summary" : "",
                jar.hasClassDataArchive() ? ", AppCDS archive" : ", no AppCDS archive");
        return service;
    }

    /** Instance n's WebSocket and API port: base for the first, base + 5 for the second. */
    private int servicePort(int instance) {
        return instance == 0 ? options.portBase() : options.portBase() + 3 + 2 * instance;
    }

    /** Instance n's health and metrics port: base + 4 for the first, base + 6 for the second. */
    private int managementPort(int instance) {
        return options.portBase() + 4 + 2 * instance;
    }

    private static void awaitReady(ChildProcess service, int managementPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new StackException(service.name() + " exited during startup; see " + service.logFile());
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted");
            }
            sleep(100);
        }
        throw new StackException(service.name() + " was not ready within 120 s; see " + service.logFile());
    }

    /**
     * Waits (at most 90 s) until the checkin-service instances together used under 10 % of a core for
     * a second, so that a backlog left by the previous run (scans still being written) is not charged
     * to the next one.
     */
    private void awaitServicesIdle() {
        List<Long> pids = services.stream().map(ChildProcess::pid).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean said = false;
        while (System.nanoTime() < deadline) {
            long before = ProcStats.cpuTicks(pids);
            sleep(1000);
            double percent = 100.0 * (ProcStats.cpuTicks(pids) - before) / ProcStats.CLK_TCK;
            if (percent < 10) {
                return;
            }
            if (!said) {
                System.out.printf("  (checkin-service still busy: %.0f %% of a core; waiting for it to go idle)%n", percent);
                said = true;
            }
        }
        System.out.println("  (checkin-service still busy after 90 s; going on)");
    }

    private void stopServices() {
        for (ChildProcess service : services) {
            service.stop(30_000);
            untrack(service);
        }
        services.clear();
    }

    private JsonArray servicePids() {
        JsonArray pids = new JsonArray();
        services.forEach(service -> pids.add(service.pid()));
        return pids;
    }

    /** Runs the load client JVM on one spec and returns its result. */
    private JsonObject runClient(String name, Path spec) throws Exception {
        Path result = Path.of(new JsonObject(Files.readString(spec)).getString("result"));
        Files.deleteIfExists(result);
        Path log = out.resolve("logs/client-" + name + ".log");
        String classPath = System.getProperty("java.class.path");
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC", "-cp", classPath));
        // Kiosks and browsers at a door are warm programs: the client starts from an archive too.
        jvm.addAll(ClassDataArchive.of(home.resolve("door-rush-bench/target/cds"), "load-client",
                Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of).toList()).jvmOptions());
        ChildProcess client = ChildProcess.start("load-client", ChildProcess.java(jvm,
                List.of(LoadClient.class.getName(), spec.toString())), Map.of(), log);
        track(client);
        long lines = 0;
        while (client.isAlive()) {
            sleep(200);
            lines = echo(log, lines);
        }
        echo(log, lines);
        untrack(client);
        if (!Files.isRegularFile(result)) {
            throw new StackException("the load client failed on " + name + "; see " + log);
        }
        return new JsonObject(Files.readString(result));
    }

    /** Prints the client log's new lines (its progress). */
    private static long echo(Path log, long seen) {
        try {
            String text = Files.readString(log);
            // Whole lines only: the client may be halfway through writing the last one.
            List<String> all = text.lines().toList().subList(0, (int) text.chars().filter(c -> c == '\n').count());
            for (int i = (int) seen; i < all.size(); i++) {
                System.out.println("  " + all.get(i));
            }
            return all.size();
        } catch (IOException e) {
            return seen;
        }
    }

    private JsonArray ourPids() {
        JsonArray pids = new JsonArray().add(ProcessHandle.current().pid());
        synchronized (running) {
            running.forEach(p -> pids.add(p.pid()));
        }
        return pids;
    }

    void track(ChildProcess process) {
        synchronized (running) {
            running.add(process);
        }
    }

    void untrack(ChildProcess process) {
        synchronized (running) {
            running.remove(process);
        }
    }

    /** Stops every process this command started (also from the shutdown hook on Ctrl-C). */
    void stopAll() {
        List<ChildProcess> all;
        synchronized (running) {
            all = new ArrayList<>(running);
            running.clear();
        }
        // Clients and services first, the stack's servers last.
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).stop(10_000);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
