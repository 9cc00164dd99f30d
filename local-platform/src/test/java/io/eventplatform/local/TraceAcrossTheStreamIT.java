package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventplatform.local.OtlpReceiver.ReceivedSpan;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.vertx.core.json.JsonObject;

/**
 * One trace from a registration to its delivery on a dashboard, with every part real:
 * registration-service and checkin-service run from their packaged jars as their own processes,
 * tracing switched on as in production, exporting over OTLP/HTTP to a receiver in this test;
 * the change crosses DynamoDB Local's stream between them.
 */
class TraceAcrossTheStreamIT {

    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CALLER_TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String CALLER_SPAN = "eee19b7ec3c1b174";

    private static Path dataDir;
    private static EmbeddedStack stack;
    private static OtlpReceiver receiver;
    private static ChildProcess registration;
    private static ChildProcess checkin;
    private static int registrationPort;
    private static int checkinPort;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("trace-across-the-stream-");
        stack = EmbeddedStack.start(new EmbeddedStack.Options(dataDir, false, Ports.free(), Ports.free(),
                TableSchema.DEFAULT_TABLE_NAME, EmbeddedStack.DEFAULT_BUCKET));
        receiver = OtlpReceiver.start();
        Map<String, String> tracing = Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.exporter.otlp.traces.endpoint", receiver.endpoint(),
                "quarkus.otel.bsp.schedule.delay", "100ms");
        Map<String, String> registrationConfig = new LinkedHashMap<>(stack.serviceConfig());
        registrationConfig.putAll(stack.ticketSigningConfig());
        registrationConfig.putAll(tracing);
        Map<String, String> checkinConfig = new LinkedHashMap<>(stack.serviceConfig());
        checkinConfig.putAll(tracing);
        registrationPort = Ports.free();
        checkinPort = Ports.free();
        int registrationManagement = Ports.free();
        int checkinManagement = Ports.free();
        registration = ServiceProcess.start(HOME, "registration-service", registrationPort, registrationManagement,
                registrationConfig, stack.logDir());
        checkin = ServiceProcess.start(HOME, "checkin-service", checkinPort, checkinManagement, checkinConfig,
                stack.logDir());
        ServiceProcess.awaitReady(registration, URI.create("http://127.0.0.1:" + registrationManagement
                + "/q/health/ready"), Duration.ofSeconds(120));
        ServiceProcess.awaitReady(checkin, URI.create("http://127.0.0.1:" + checkinManagement + "/q/health/ready"),
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        for (ChildProcess service : new ChildProcess[] { checkin, registration }) {
            if (service != null) {
                service.close();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
        EmbeddedStack.wipe(dataDir);
    }

    @Test
    void oneTraceShowsRegisterStreamAndDashboardDelivery() throws Exception {
        String organizer = stack.tokens().mint(Roles.ORGANIZER, null);
        String staff = stack.tokens().mint(Roles.STAFF, null);
        String registrationApi = "http://127.0.0.1:" + registrationPort + "/api/registration";
        String eventId = new JsonObject(post(registrationApi + "/events", organizer, null, """
                {"name":"Traced","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                 "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":10,"waitlistEnabled":false,
                 "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                """, 201)).getString("id");
        post(registrationApi + "/events/" + eventId + "/publish", organizer, null, "", 200);

        List<JsonObject> dashboard = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + staff)
                .buildAsync(URI.create("ws://127.0.0.1:" + checkinPort + "/ws/checkin/dashboard/" + eventId),
                        new Collector(dashboard))
                .join();
        try {
            await(() -> dashboard.stream().anyMatch(m -> "snapshot".equals(m.getString("type"))), "a snapshot");
            String registrationId = new JsonObject(post(registrationApi + "/events/" + eventId + "/registrations",
                    null, "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01",
                    "{\"name\":\"Ada Lovelace\",\"email\":\"ada.trace@example.org\"}", 201))
                    .getJsonObject("registration").getString("registrationId");
            await(() -> dashboard.stream().anyMatch(m -> "registration_created".equals(m.getString("kind"))
                    && registrationId.equals(m.getString("registrationId"))), "the registration on the dashboard");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        ReceivedSpan register = awaitSpan(span -> span.service().equals("registration-service")
                && span.kind() == SpanKind.SPAN_KIND_SERVER && span.traceId().equals(CALLER_TRACE));
        assertEquals(CALLER_SPAN, register.parentSpanId(), "the request continues its caller's trace");
        ReceivedSpan delivery = awaitSpan(span -> span.service().equals("checkin-service")
                && span.name().equals("change feed delivery") && span.traceId().equals(CALLER_TRACE));
        assertEquals(register.spanId(), delivery.parentSpanId(),
                "the dashboard delivery is a child of the request that wrote the registration");
        assertEquals(SpanKind.SPAN_KIND_CONSUMER, delivery.kind());
    }

    private static String post(String url, String bearer, String traceParent, String json, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (traceParent != null) {
            request.header("traceparent", traceParent);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "waited " + WAIT.toSeconds() + " s for " + what);
            Thread.sleep(50);
        }
    }

    private static ReceivedSpan awaitSpan(Predicate<ReceivedSpan> wanted) throws InterruptedException {
        AtomicReference<ReceivedSpan> found = new AtomicReference<>();
        await(() -> {
            receiver.spans().stream().filter(wanted).findFirst().ifPresent(found::set);
            return found.get() != null;
        }, "an exported span");
        return found.get();
    }

    /** Keeps every text message of the socket as JSON. */
    private record Collector(List<JsonObject> messages) implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(new JsonObject(data.toString()));
            webSocket.request(1);
            return null;
        }
    }
}
