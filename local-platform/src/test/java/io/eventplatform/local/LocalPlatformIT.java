package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.StackException;
import io.vertx.core.json.JsonObject;

/**
 * The whole platform as {@code ./platform run} starts it, from the packaged service jars: every
 * service ready behind one gateway port, and nothing left running or bound after it stops.
 */
class LocalPlatformIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath();

    /** The platform on free ports (the gateway on {@code gatewayPort}, 0 for any) over {@code dataDir}. */
    static LocalPlatform.Options options(Path dataDir, int gatewayPort) {
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        return new LocalPlatform.Options(HOME, dataDir, Gateway.LOOPBACK, gatewayPort, Ports.free(), Ports.free(),
                servicePorts, managementPorts);
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theWholePlatformComesUpBehindOneGatewayAndLeavesNothingBehind() throws Exception {
        Path dataDir = Files.createTempDirectory("platform-it-");
        // Port 0: the gateway binds whatever is free at once, so no other process can take it first.
        LocalPlatform.Options options = options(dataDir, 0);
        int gatewayPort;
        long started = System.nanoTime();
        List<ChildProcess> processes;
        CompletableFuture<Integer> closeCode;
        try (LocalPlatform platform = LocalPlatform.start(options)) {
            System.out.printf("platform ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            int port = platform.gatewayPort();
            gatewayPort = port;
            processes = platform.processes();
            assertEquals(6, processes.size(), "3 services, DynamoDB Local, the S3 server, the mail server");

            HttpResponse<String> health = get(port, Gateway.HEALTH_PATH, null);
            assertEquals(200, health.statusCode(), health.body());
            JsonObject services = new JsonObject(health.body()).getJsonObject("services");
            assertEquals(3, services.size());
            services.forEach(entry -> assertEquals("UP", ((JsonObject) entry.getValue()).getString("status"), entry.getKey()));

            for (String prefix : List.of("/api/registration", "/api/checkin", "/api/materials")) {
                HttpResponse<String> swagger = get(port, prefix + "/swagger-ui/", null);
                assertEquals(200, swagger.statusCode(), prefix);
                assertTrue(swagger.body().contains("swagger-ui"), prefix);
                HttpResponse<String> openApi = get(port, prefix + "/openapi?format=json", null);
                assertTrue(new JsonObject(openApi.body()).getJsonObject("paths").containsKey(prefix + "/caller"), prefix);
                String token = platform.stack().tokens().mint(Roles.STAFF, null);
                assertEquals(200, get(port, prefix + "/caller", token).statusCode(), prefix);
                assertEquals(401, get(port, prefix + "/caller", null).statusCode(), prefix);
            }
            HttpResponse<String> unknown = get(port, "/nothing/here", null);
            assertEquals(404, unknown.statusCode());
            assertEquals("application/problem+json", unknown.headers().firstValue("content-type").orElseThrow());

            // Health and metrics: on each service's management port only, and no walk through the gateway reaches them.
            assertEquals(400, get(port, "/api/registration/%2e%2e/%2e%2e/q/metrics", null).statusCode());
            assertEquals(400, get(port, "/api/checkin/%2E%2E/%2e%2e/q/health/ready", null).statusCode());
            options.servicePorts().forEach((service, servicePort) -> {
                try {
                    assertEquals(404, get(servicePort, "/q/metrics", null).statusCode(), service);
                    assertEquals(200, get(options.managementPorts().get(service), "/q/metrics", null).statusCode(),
                            service);
                } catch (Exception e) {
                    throw new AssertionError(service, e);
                }
            });

            // A dashboard watching checkin-service directly is told 1001 (going away) when it stops.
            String organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
            HttpResponse<String> created = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/registration/events"))
                    .header("Authorization", "Bearer " + organizer).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name":"Shutdown drill","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                             "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":10,"waitlistEnabled":false,
                             "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                            """)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String eventId = new JsonObject(created.body()).getString("id");
            int checkinPort = options.servicePorts().get("checkin-service");
            closeCode = new CompletableFuture<>();
            CompletableFuture<Integer> closing = closeCode;
            CompletableFuture<Boolean> snapshot = new CompletableFuture<>();
            CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + organizer).buildAsync(
                    URI.create("ws://127.0.0.1:" + checkinPort + "/ws/checkin/dashboard/" + eventId),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            snapshot.complete(data.toString().contains("\"snapshot\""));
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                            closing.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertTrue(snapshot.get(10, TimeUnit.SECONDS), "the dashboard got its snapshot");
        }
        assertEquals(1001, closeCode.get(30, TimeUnit.SECONDS), "sockets are closed with 1001 on shutdown");
        for (ChildProcess process : processes) {
            assertFalse(process.isAlive(), process.name() + " still running");
        }
        assertFalse(Ports.isListening(gatewayPort), "gateway port still bound");
        assertFalse(Ports.isListening(options.dynamoDbPort()), "DynamoDB Local port still bound");
        assertFalse(Ports.isListening(options.s3Port()), "S3 port still bound");
        options.servicePorts().forEach((service, port) -> assertFalse(Ports.isListening(port), service + " port still bound"));
        EmbeddedStack.wipe(dataDir);
    }

    /**
     * Issue #16: a lost ticket that an organizer re-issued is refused by every service, through
     * the gateway as clients reach them, while the new ticket works everywhere.
     */
    @Test
    void reissuedTicketRevokesTheLostOneEverywhere() throws Exception {
        Path dataDir = Files.createTempDirectory("platform-it-tickets-");
        try (LocalPlatform platform = LocalPlatform.start(options(dataDir, 0))) {
            String base = "http://127.0.0.1:" + platform.gatewayPort();
            String organizer = platform.stack().tokens().mint(Roles.ORGANIZER, null);
            String staff = platform.stack().tokens().mint(Roles.STAFF, null);
            String eventId = new JsonObject(send(base + "/api/registration/events", organizer, null, "POST", """
                    {"name":"Lost tickets","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                     "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":10,"waitlistEnabled":false,
                     "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                    """, 201)).getString("id");
            send(base + "/api/registration/events/" + eventId + "/publish", organizer, null, "POST", "", 200);
            JsonObject receipt = new JsonObject(send(base + "/api/registration/events/" + eventId + "/registrations",
                    null, null, "POST", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}", 201));
            String registrationId = receipt.getJsonObject("registration").getString("registrationId");
            String lost = receipt.getString("ticket");
            String slides = new JsonObject(send(base + "/api/materials/events/" + eventId
                    + "/materials?fileName=room.pdf&title=Room%20slides&visibility=checked_in", organizer, null,
                    "POST", "%PDF-1.4 room slides", 201)).getString("materialId");
            send(base + "/api/materials/events/" + eventId + "/materials/" + slides + "/publish", organizer, null, "POST",
                    "", 200);

            String reissued = new JsonObject(send(base + "/api/registration/events/" + eventId + "/registrations/"
                    + registrationId + "/ticket", organizer, null, "POST", "", 200)).getString("ticket");

            String revoked = "https://eventplatform.dev/problems/ticket-revoked";
            // registration-service: the lost ticket can neither read nor cancel the registration.
            assertEquals(revoked, problemType(send(base + "/api/registration/tickets/me", null, lost, "GET", null, 401)));
            assertEquals(revoked, problemType(send(base + "/api/registration/tickets/me/cancel", null, lost, "POST", "", 401)));
            // checkin-service: a staff desk and a kiosk socket both refuse it, and check nobody in.
            assertEquals(revoked, problemType(send(base + "/api/checkin/events/" + eventId + "/scans", staff, null, "POST",
                    new JsonObject().put("ticket", lost).encode(), 422)));
            String kiosk = platform.stack().tokens().mint(
                    io.eventplatform.stack.TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId).withGate("north"));
            java.util.concurrent.BlockingQueue<JsonObject> results = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocket socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + kiosk).buildAsync(
                    URI.create("ws://127.0.0.1:" + platform.gatewayPort() + "/ws/checkin/kiosk/" + eventId),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                JsonObject message = new JsonObject(text.toString());
                                text.setLength(0);
                                if ("scan_result".equals(message.getString("type"))) {
                                    results.add(message.getJsonObject("result"));
                                }
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText(new JsonObject().put("type", "scan").put("requestId", "lost-1").put("ticket", lost)
                    .put("direction", "entry").encode(), true).get(10, TimeUnit.SECONDS);
            assertEquals("ticket_revoked", results.poll(10, TimeUnit.SECONDS).getString("outcome"));
            // materials-service: the lost ticket opens nothing.
            String download = base + "/api/materials/events/" + eventId + "/materials/" + slides + "/download";
            assertEquals(revoked, problemType(send(download, null, lost, "GET", null, 401)));

            // The new ticket works everywhere: read, kiosk check-in, then the checked_in slides.
            assertEquals("confirmed", new JsonObject(send(base + "/api/registration/tickets/me", null, reissued, "GET",
                    null, 200)).getString("status"));
            socket.sendText(new JsonObject().put("type", "scan").put("requestId", "new-1").put("ticket", reissued)
                    .put("direction", "entry").encode(), true).get(10, TimeUnit.SECONDS);
            assertEquals("checked_in", results.poll(10, TimeUnit.SECONDS).getString("outcome"));
            send(download, null, reissued, "GET", null, 200);
            socket.abort();
        }
        EmbeddedStack.wipe(dataDir);
    }

    /** One HTTP exchange; asserts the status and answers the body. */
    private static String send(String url, String bearer, String ticket, String method, String body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (ticket != null) {
            request.header("X-Ticket", ticket);
        }
        if (body != null) {
            request.header("Content-Type", url.contains("/materials?") ? "application/pdf" : "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), method + " " + url + ": " + response.body());
        return response.body();
    }

    private static String problemType(String body) {
        return new JsonObject(body).getString("type");
    }

    @Test
    void aGatewayPortInUseIsNamedBeforeAnythingStarts() throws Exception {
        Path dataDir = Files.createTempDirectory("platform-it-busy-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalPlatform.Options options = options(dataDir, taken.getLocalPort());
            StackException failure = assertThrows(StackException.class, () -> LocalPlatform.start(options));
            assertTrue(failure.getMessage().startsWith("Port " + taken.getLocalPort() + " (gateway) is already in use"),
                    failure.getMessage());
            assertFalse(Ports.isListening(options.dynamoDbPort()), "nothing was started");
        }
        EmbeddedStack.wipe(dataDir);
    }
}
