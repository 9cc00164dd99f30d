package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.TokenMinter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Issue #12, faults of the stores: the whole platform from its jars, with DynamoDB Local and then
 * the S3 server killed with SIGKILL while clients are busy, and started again on their data.
 * Kiosks and dashboards are real WebSocket clients speaking docs/websocket-protocol.md through the
 * gateway; readiness is read from every service's management port. One platform for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreOutageIT {

    /**
     * HTTP/1.1 as curl and the apps speak it: the JDK client's default h2c upgrade makes the gateway
     * (Vert.x) take in a request body whole before passing it on, so an upload would not stream.
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int KIOSKS = 3;
    private static final int SCANS_PER_KIOSK = 16;
    private static final String SERVICE_UNAVAILABLE = "https://eventplatform.dev/problems/service-unavailable";
    private static final String LATE_GUEST = "Late Guest";

    private static Path dataDir;
    private static LocalPlatform platform;
    private static String organizer;
    private static String staff;
    private static String eventId;
    /** Registration id → its ticket. */
    private static final Map<String, String> tickets = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        try {
            dataDir = Files.createTempDirectory("platform-it-store-outage-");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        platform = LocalPlatform.start(new LocalPlatform.Options(HOME, dataDir, Gateway.LOOPBACK, 0, Ports.free(),
                Ports.free(), servicePorts, managementPorts));
        organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
        staff = platform.stack().tokens().mint(Roles.STAFF, null);
        eventId = new JsonObject(send("POST", gateway() + "/api/registration/events", organizer, """
                {"name":"Store outage","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                 "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":200,"waitlistEnabled":false,
                 "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                """, 201)).getString("id");
        send("POST", gateway() + "/api/registration/events/" + eventId + "/publish", organizer, "", 200);
        for (int i = 0; i < KIOSKS * SCANS_PER_KIOSK; i++) {
            JsonObject receipt = new JsonObject(send("POST", gateway() + "/api/registration/events/" + eventId
                    + "/registrations", null, "{\"name\":\"Guest " + i + "\",\"email\":\"guest" + i + "@example.org\"}",
                    201));
            tickets.put(receipt.getJsonObject("registration").getString("registrationId"), receipt.getString("ticket"));
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        EmbeddedStack.wipe(dataDir);
    }

    @Test
    @Order(1)
    void dynamoDbKilledMidRushLosesNoScanAndEveryoneRecovers() throws Exception {
        ChildProcess checkin = service("checkin-service");
        List<Dashboard> dashboards = List.of(Dashboard.open(), Dashboard.open());
        dashboards.forEach(dashboard -> awaitTrue(() -> !dashboard.ofType("snapshot").isEmpty()));
        List<Kiosk> kiosks = new ArrayList<>();
        List<List<String>> queues = new ArrayList<>();
        List<String> registrations = List.copyOf(tickets.keySet());
        for (int k = 0; k < KIOSKS; k++) {
            kiosks.add(Kiosk.open("rush-kiosk-" + k, "gate-" + k));
            queues.add(registrations.subList(k * SCANS_PER_KIOSK, (k + 1) * SCANS_PER_KIOSK));
        }
        Readiness readiness = Readiness.watch();
        AtomicInteger answered = new AtomicInteger();
        List<CompletableFuture<Void>> rush = new ArrayList<>();
        for (int k = 0; k < KIOSKS; k++) {
            Kiosk kiosk = kiosks.get(k);
            List<String> queue = queues.get(k);
            rush.add(CompletableFuture.runAsync(() -> {
                for (int n = 0; n < queue.size(); n++) {
                    kiosk.scanUntilAnswered(kiosk.name + "-" + n, tickets.get(queue.get(n)));
                    answered.incrementAndGet();
                    sleep(400);
                }
            }));
        }
        awaitTrue(() -> answered.get() >= 6);
        int dynamoPort = platform.stack().options().dynamoDbPort();
        platform.stack().killDynamoDb();
        long killedAt = System.nanoTime();
        assertFalse(Ports.isListening(dynamoPort), "DynamoDB Local still listens after SIGKILL");
        int answeredBeforeRestart;
        try {
            awaitTrue(() -> readiness.allSeen(false));
            // REST clients meanwhile: a clear 503 with Retry-After from every service, not a 500.
            assertStoreUnavailable(register(LATE_GUEST));
            assertStoreUnavailable(request("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff, null));
            assertStoreUnavailable(request("GET", gateway() + "/api/materials/events/" + eventId + "/materials",
                    organizer, null));
            sleep(Math.max(0, 10_000 - (System.nanoTime() - killedAt) / 1_000_000));
            answeredBeforeRestart = answered.get();
        } finally {
            platform.stack().restartDynamoDb();
        }
        CompletableFuture.allOf(rush.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        awaitTrue(() -> readiness.allSeenAfterDown(true));
        readiness.close();

        int tried = KIOSKS * SCANS_PER_KIOSK;
        int refused = kiosks.stream().mapToInt(k -> k.refusals.get()).sum();
        List<JsonObject> results = kiosks.stream().flatMap(k -> k.results.stream()).toList();
        assertEquals(tried, results.size());
        results.forEach(result -> assertEquals("checked_in", result.getString("outcome"), result.encode()));
        kiosks.forEach(kiosk -> {
            assertEquals(List.of(), kiosk.otherErrors, kiosk.name + " got errors other than service-unavailable");
            assertFalse(kiosk.closed.isDone(), kiosk.name + "'s socket was closed: " + kiosk.closed.getNow(null));
        });
        assertTrue(refused > 0, "no scan fell into the outage");
        assertTrue(checkin.isAlive(), "checkin-service was not restarted");
        assertTrue(answeredBeforeRestart < tried, "the rush went on after the restart");

        // The registration refused in the outage, resent with its Idempotency-Key, is made once.
        assertEquals(201, register(LATE_GUEST).statusCode());
        assertEquals("true", register(LATE_GUEST).headers().firstValue("Idempotent-Replayed").orElse(null),
                "a resend answers the original registration");

        JsonObject counts = new JsonObject(send("GET", gateway() + "/api/checkin/events/" + eventId + "/counts", staff,
                null, 200));
        assertEquals(tried, counts.getInteger("checkedIn"), counts.encode());
        assertEquals(tried, checkedInInTable(), "registrations checked in, in the table");
        for (Dashboard dashboard : dashboards) {
            awaitTrue(() -> dashboard.checkedIn() == tried);
            dashboard.assertEveryCheckInOnce(registrations);
        }
        System.out.printf("store-outage: DynamoDB Local down %.1f s; %d scans from %d kiosks, %d answered before the "
                + "restart, %d service-unavailable answers resent, %d checked in once (table and counts), %d lost, "
                + "%d dashboards complete (%s)%n", readiness.downSeconds(), tried, KIOSKS, answeredBeforeRestart,
                refused, tried, 0, dashboards.size(), dashboards.stream().map(Dashboard::summary)
                        .collect(Collectors.joining("; ")));
        kiosks.forEach(Kiosk::close);
        dashboards.forEach(Dashboard::close);
    }

    @Test
    @Order(2)
    void s3KilledMidUploadLeavesNoHalfMaterialAndUploadsWorkAgain() throws Exception {
        Readiness readiness = Readiness.watch();
        int directSize = 12 * 1024 * 1024; // two parts of the default 8 MiB: a multipart upload
        PipedOutputStream directBody = new PipedOutputStream();
        PipedInputStream directPipe = new PipedInputStream(directBody, 1024 * 1024);
        CompletableFuture<HttpResponse<String>> direct = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(
                gateway() + "/api/materials/events/" + eventId + "/materials?title=Recording&fileName=recording.mp4"))
                .header("Authorization", "Bearer " + organizer).header("Content-Type", "video/mp4")
                .timeout(Duration.ofSeconds(90))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> directPipe),
                        directSize)).build(), HttpResponse.BodyHandlers.ofString());

        int presignedSize = 1024 * 1024;
        JsonObject upload = new JsonObject(send("POST", gateway() + "/api/materials/events/" + eventId + "/uploads",
                organizer, new JsonObject().put("title", "Workshop").put("fileName", "workshop.mp4")
                        .put("contentType", "video/mp4").put("size", presignedSize).encode(), 201));
        PipedOutputStream presignedBody = new PipedOutputStream();
        PipedInputStream presignedPipe = new PipedInputStream(presignedBody, 64 * 1024);
        CompletableFuture<HttpResponse<String>> presignedPut = CLIENT.sendAsync(presignedPut(upload,
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> presignedPipe),
                        presignedSize)), HttpResponse.BodyHandlers.ofString());

        byte[] chunk = new byte[256 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        write(directBody, chunk, 8 * 1024 * 1024);
        write(presignedBody, chunk, presignedSize / 2);
        // Mid-upload: two thirds of one body and half of the other are on their way, the rest is not sent yet.
        sleep(1000);
        assertFalse(direct.isDone(), () -> "the upload was answered before its end: " + direct.join().statusCode() + " "
                + direct.join().body());
        int partsBeforeKill = partsStored("materials/" + eventId + "/");

        platform.stack().killS3Server();
        assertFalse(Ports.isListening(platform.stack().options().s3Port()), "the S3 server still listens after SIGKILL");
        writeQuietly(directBody, chunk, directSize - 8 * 1024 * 1024);
        writeQuietly(presignedBody, chunk, presignedSize / 2);

        HttpResponse<String> refused = direct.get(90, TimeUnit.SECONDS);
        assertStoreUnavailable(refused);
        assertTrue(presignedPutFailed(presignedPut), "a PUT to a dead S3 server succeeded");
        String confirmPath = upload.getString("confirmPath");
        assertStoreUnavailable(request("POST", gateway() + confirmPath, organizer, ""));
        awaitTrue(() -> readiness.seen("materials-service", false));
        assertEquals(0, materials().size(), "a material was recorded while its bytes could not be stored");
        assertEquals(0, materialItemsInTable(), "material items in the table");

        platform.stack().restartS3Server();
        awaitTrue(() -> readiness.seenAfterDown("materials-service", true));
        readiness.close();

        // The interrupted presigned PUT stored nothing: confirming says so, then the same link works.
        HttpResponse<String> early = request("POST", gateway() + confirmPath, organizer, "");
        assertEquals(409, early.statusCode(), early.body());
        assertTrue(early.body().contains("upload-incomplete"), early.body());
        byte[] file = new byte[presignedSize];
        Arrays.fill(file, (byte) 'x');
        HttpResponse<String> put = CLIENT.send(presignedPut(upload, HttpRequest.BodyPublishers.ofByteArray(file)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        send("POST", gateway() + confirmPath, organizer, "", 201);
        // The direct upload, sent again, is recorded.
        byte[] recording = new byte[directSize];
        Arrays.fill(recording, (byte) 'y');
        HttpResponse<String> again = CLIENT.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/materials/events/"
                + eventId + "/materials?title=Recording&fileName=recording.mp4"))
                .header("Authorization", "Bearer " + organizer).header("Content-Type", "video/mp4")
                .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofByteArray(recording)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, again.statusCode(), again.body());

        JsonArray listed = materials();
        assertEquals(Set.of("Recording", "Workshop"), listed.stream().map(m -> ((JsonObject) m).getString("title"))
                .collect(Collectors.toSet()));
        assertEquals(2, materialItemsInTable());
        // Every object version under the event's material keys is a version the table records, and each exists.
        Set<String> recorded = listed.stream().map(m -> ((JsonObject) m).getString("materialId") + "@"
                + ((JsonObject) m).getString("currentVersionId")).collect(Collectors.toSet());
        List<ObjectVersion> stored = platform.stack().s3().listObjectVersions(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET)
                .prefix("materials/" + eventId + "/")).versions();
        assertEquals(recorded, stored.stream().map(v -> v.key().substring(v.key().lastIndexOf('/') + 1) + "@"
                + v.versionId()).collect(Collectors.toSet()), "object versions that no material records");
        assertEquals(0, platform.stack().s3().listObjectVersions(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET)
                .prefix("uploads/" + eventId + "/")).versions().size(), "staging objects left");
        int unfinished = platform.stack().s3().listMultipartUploads(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET)
                .prefix("materials/" + eventId + "/")).uploads().size();
        System.out.printf("store-outage: S3 server down %.1f s; 2 uploads cut off (direct multipart, presigned PUT) and "
                + "1 confirm during it: 503 service-unavailable each, 0 materials and 0 object versions left; "
                + "after it 2 uploads recorded; %d part(s) in S3 at the kill, %d unfinished multipart upload(s) left "
                + "for the bucket's lifecycle rule%n", readiness.downSeconds(), partsBeforeKill, unfinished);
    }

    private static HttpResponse<String> register(String name) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/registration/events/" + eventId
                    + "/registrations")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "outage-" + name.replace(' ', '-'))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"email\":\""
                            + name.replace(' ', '.').toLowerCase() + "@example.org\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertStoreUnavailable(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(null));
        assertNotNull(response.headers().firstValue("retry-after").orElse(null), "Retry-After");
        assertEquals(SERVICE_UNAVAILABLE, new JsonObject(response.body()).getString("type"), response.body());
    }

    private static HttpRequest presignedPut(JsonObject upload, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getString("url")))
                .timeout(Duration.ofSeconds(60)).PUT(body);
        // The client sets Content-Length itself (a restricted header); the others are signed as given.
        upload.getJsonObject("headers").forEach(header -> {
            if (!header.getKey().equalsIgnoreCase("content-length")) {
                put.header(header.getKey(), String.valueOf(header.getValue()));
            }
        });
        return put.build();
    }

    private static boolean presignedPutFailed(CompletableFuture<HttpResponse<String>> put) {
        try {
            return put.get(60, TimeUnit.SECONDS).statusCode() >= 300;
        } catch (Exception e) {
            return true; // the connection to the killed server broke
        }
    }

    private static int partsStored(String prefix) {
        var s3 = platform.stack().s3();
        return s3.listMultipartUploads(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET).prefix(prefix)).uploads().stream()
                .mapToInt(u -> s3.listParts(r -> r.bucket(EmbeddedStack.DEFAULT_BUCKET).key(u.key()).uploadId(u.uploadId()))
                        .parts().size()).sum();
    }

    private static void write(OutputStream body, byte[] chunk, int bytes) throws IOException {
        for (int sent = 0; sent < bytes; sent += chunk.length) {
            body.write(chunk, 0, Math.min(chunk.length, bytes - sent));
        }
        body.flush();
    }

    /** The rest of a body whose upload may already have been refused: a broken pipe is expected. */
    private static void writeQuietly(OutputStream body, byte[] chunk, int bytes) {
        CompletableFuture.runAsync(() -> {
            try (body) {
                write(body, chunk, bytes);
            } catch (IOException e) {
                // The request was answered or broken off before its end.
            }
        });
    }

    private static JsonArray materials() {
        return new JsonArray(send("GET", gateway() + "/api/materials/events/" + eventId + "/materials", organizer, null,
                200));
    }

    private static int materialItemsInTable() {
        return countInTable(TableSchema.ITEM_TYPE, "material");
    }

    private static int checkedInInTable() {
        return (int) platform.stack().dynamoDb().queryPaginator(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .indexName(TableSchema.CHECK_IN_STATUS_INDEX)
                .keyConditionExpression("#e = :e AND begins_with(#s, :s)")
                .expressionAttributeNames(Map.of("#e", TableSchema.EVENT_ID, "#s", TableSchema.CHECK_IN_STATUS))
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId), ":s",
                        AttributeValue.fromS("checked_in"))).consistentRead(false))
                .items().stream().count();
    }

    private static int countInTable(String attribute, String value) {
        return (int) platform.stack().dynamoDb().scanPaginator(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .filterExpression("#t = :t AND #e = :e")
                .expressionAttributeNames(Map.of("#t", attribute, "#e", TableSchema.EVENT_ID))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(value), ":e", AttributeValue.fromS(eventId))))
                .items().stream().count();
    }

    private static ChildProcess service(String name) {
        return platform.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static String gateway() {
        return "http://127.0.0.1:" + platform.gatewayPort();
    }

    private static HttpResponse<String> request(String method, String url, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String send(String method, String url, String bearer, String body, int status) {
        HttpResponse<String> response = request(method, url, bearer, body);
        assertEquals(status, response.statusCode(), method + " " + url + ": " + response.body());
        return response.body();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every service's {@code /q/health/ready}, polled on its management port: what each answered, in order. */
    private static final class Readiness implements AutoCloseable {

        private final Map<String, List<Boolean>> answers = new ConcurrentHashMap<>();
        private final List<Long> downNanos = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean watching = true;

        static Readiness watch() {
            Readiness readiness = new Readiness();
            for (LocalPlatform.Instance instance : platform.instances()) {
                readiness.answers.put(instance.service(), Collections.synchronizedList(new ArrayList<>()));
            }
            Thread poller = new Thread(readiness::poll, "readiness-poller");
            poller.setDaemon(true);
            poller.start();
            return readiness;
        }

        private void poll() {
            while (watching) {
                boolean allUp = true;
                for (LocalPlatform.Instance instance : platform.instances()) {
                    boolean up;
                    try {
                        up = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.managementPort()
                                + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        up = false;
                    } catch (InterruptedException e) {
                        return;
                    }
                    answers.get(instance.service()).add(up);
                    allUp &= up;
                }
                if (!allUp) {
                    downNanos.add(System.nanoTime());
                }
                sleep(200);
            }
        }

        boolean seen(String service, boolean ready) {
            return answers.get(service).contains(ready);
        }

        /** Whether the service answered {@code ready} after having been not ready. */
        boolean seenAfterDown(String service, boolean ready) {
            List<Boolean> seen = List.copyOf(answers.get(service));
            int down = seen.indexOf(false);
            return down >= 0 && seen.subList(down, seen.size()).contains(ready);
        }

        boolean allSeen(boolean ready) {
            return answers.keySet().stream().allMatch(service -> seen(service, ready));
        }

        boolean allSeenAfterDown(boolean ready) {
            return answers.keySet().stream().allMatch(service -> seenAfterDown(service, ready));
        }

        double downSeconds() {
            return downNanos.size() < 2 ? 0 : (downNanos.get(downNanos.size() - 1) - downNanos.get(0)) / 1e9;
        }

        @Override
        public void close() {
            watching = false;
        }
    }

    /** A door kiosk: one scan at a time, each resent with its requestId until it is answered. */
    private static final class Kiosk implements WebSocket.Listener {

        final String name;
        final List<JsonObject> results = Collections.synchronizedList(new ArrayList<>());
        final List<String> otherErrors = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refusals = new AtomicInteger();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;

        private Kiosk(String name) {
            this.name = name;
        }

        static Kiosk open(String name, String gate) throws Exception {
            Kiosk kiosk = new Kiosk(name);
            String token = platform.stack().tokens().mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId)
                    .withSubject(name).withGate(gate));
            kiosk.socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(gateway().replace("http:", "ws:") + "/ws/checkin/kiosk/" + eventId), kiosk)
                    .get(20, TimeUnit.SECONDS);
            JsonObject welcome = kiosk.inbox.poll(20, TimeUnit.SECONDS);
            assertEquals("welcome", welcome == null ? null : welcome.getString("type"));
            return kiosk;
        }

        /** The documented resend rule: no answer or service-unavailable → the same scan, same requestId. */
        void scanUntilAnswered(String requestId, String ticket) {
            String scan = new JsonObject().put("type", "scan").put("requestId", requestId).put("ticket", ticket).encode();
            for (int attempt = 1; attempt <= 300; attempt++) {
                socket.sendText(scan, true).join();
                JsonObject answer = answerTo(requestId);
                if (answer != null && "scan_result".equals(answer.getString("type"))) {
                    results.add(answer.getJsonObject("result"));
                    return;
                }
                if (answer != null && SERVICE_UNAVAILABLE.equals(answer.getJsonObject("problem").getString("type"))) {
                    refusals.incrementAndGet();
                } else if (answer != null) {
                    otherErrors.add(answer.encode());
                    return;
                }
                sleep(250);
            }
            throw new AssertionError(name + ": " + requestId + " never answered");
        }

        private JsonObject answerTo(String requestId) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    JsonObject message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (message != null && requestId.equals(message.getString("requestId"))) {
                        return message;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.add(new JsonObject(text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
        }

        void close() {
            socket.abort();
        }
    }

    /** A staff dashboard following the client rules of docs/websocket-protocol.md, reconnecting to resume. */
    private static final class Dashboard implements WebSocket.Listener {

        private final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
        private final List<String> gaps = Collections.synchronizedList(new ArrayList<>());
        private final List<String> closes = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder text = new StringBuilder();
        private volatile WebSocket socket;
        private volatile boolean open = true;
        private String epoch;
        private long seq;
        private long[] position;
        /** Checked in as of the last snapshot, and then the check-in deltas applied since. */
        private long snapshotCheckedIn;
        private final List<String> checkInsSinceSnapshot = new ArrayList<>();
        private int snapshots;

        static Dashboard open() throws Exception {
            Dashboard dashboard = new Dashboard();
            dashboard.connect(null);
            return dashboard;
        }

        private void connect(String query) throws Exception {
            socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + staff)
                    .buildAsync(URI.create(gateway().replace("http:", "ws:") + "/ws/checkin/dashboard/" + eventId
                            + (query == null ? "" : "?" + query)), this).get(20, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                apply(new JsonObject(text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private synchronized void apply(JsonObject message) {
            received.add(message);
            switch (message.getString("type")) {
                case "snapshot" -> {
                    epoch = message.getString("epoch");
                    seq = message.getLong("seq");
                    position = Arrays.stream(message.getString("position").split("\\.")).mapToLong(Long::parseLong)
                            .toArray();
                    snapshotCheckedIn = message.getJsonObject("counts").getLong("checkedIn");
                    checkInsSinceSnapshot.clear();
                    snapshots++;
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
                            return;
                        }
                        position[shard] = message.getLong("rev");
                    }
                    if ("checked_in".equals(message.getString("kind"))) {
                        checkInsSinceSnapshot.add(message.getString("registrationId"));
                    }
                }
                default -> {
                }
            }
        }

        /** Rule 4: on close, reconnect with epoch, since and position. */
        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closes.add(code + " " + reason);
            if (open) {
                CompletableFuture.runAsync(() -> {
                    try {
                        connect(resumeQuery());
                    } catch (Exception e) {
                        closes.add("reconnect failed: " + e);
                    }
                });
            }
            return null;
        }

        private synchronized String resumeQuery() {
            return "epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8) + "&since=" + seq + "&position="
                    + Arrays.stream(position).mapToObj(Long::toString).collect(Collectors.joining("."));
        }

        synchronized long checkedIn() {
            return snapshotCheckedIn + checkInsSinceSnapshot.size();
        }

        List<JsonObject> ofType(String type) {
            synchronized (received) {
                return received.stream().filter(m -> type.equals(m.getString("type"))).toList();
            }
        }

        /** Each registration's check-in arrived once: as a delta, or counted in a later snapshot. */
        synchronized void assertEveryCheckInOnce(List<String> registrations) {
            assertEquals(List.of(), gaps, "deltas out of sequence");
            assertEquals(checkInsSinceSnapshot.size(), new HashSet<>(checkInsSinceSnapshot).size(),
                    "a check-in delivered twice: " + checkInsSinceSnapshot);
            assertTrue(registrations.containsAll(checkInsSinceSnapshot));
            if (snapshots == 1) {
                assertEquals(Set.copyOf(registrations), Set.copyOf(checkInsSinceSnapshot));
            }
        }

        synchronized String summary() {
            return snapshots + " snapshot(s), " + checkInsSinceSnapshot.size() + " check-in deltas, closes " + closes;
        }

        void close() {
            open = false;
            socket.abort();
        }
    }
}
