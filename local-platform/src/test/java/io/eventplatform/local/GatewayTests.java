package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.eventplatform.stack.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/** The gateway routes by the shared path rules, WebSockets included, over real sockets. */
class GatewayTests {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static Gateway gateway;
    private static final PathRules RULES = PathRules.load();
    /** Every request any backend received: "name METHOD uri". */
    private static final ConcurrentLinkedQueue<String> RECEIVED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        for (String service : RULES.services().keySet()) {
            upstreams.put(service, URI.create("http://127.0.0.1:" + echoServer(service).actualPort()));
        }
        HttpServer bucket = echoServer("bucket");
        gateway = Gateway.start(Gateway.LOOPBACK, 0, RULES, upstreams, readiness(upstreams),
                URI.create("http://127.0.0.1:" + bucket.actualPort() + "/materials-bucket"));
    }

    /** The echo backends answer readiness on their one port too. */
    static Map<String, URI> readiness(Map<String, URI> upstreams) {
        Map<String, URI> readiness = new LinkedHashMap<>();
        upstreams.forEach((service, base) -> readiness.put(service, base.resolve("/q/health/ready")));
        return readiness;
    }

    /**
     * A backend that answers every request with who it is and what it saw, and echoes WebSocket
     * text. Paths naming an S3 error ({@code NoSuchKey}, {@code AccessDenied}, {@code InternalError})
     * get that error as S3 answers it, in XML.
     */
    private static HttpServer echoServer(String name) throws Exception {
        return vertx.createHttpServer().webSocketHandler(socket -> socket.textMessageHandler(
                text -> socket.writeTextMessage(name + ":" + socket.path() + ":" + text)))
                .requestHandler(request -> request.body().onSuccess(body -> RECEIVED.add(
                        name + " " + request.method() + " " + request.uri())).onSuccess(body -> {
                            for (Map.Entry<String, Integer> error : S3_ERRORS.entrySet()) {
                                if (request.path().contains(error.getKey())) {
                                    request.response().setStatusCode(error.getValue())
                                            .putHeader("content-type", "application/xml").putHeader("x-amz-request-id", "r1")
                                            .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + error.getKey()
                                                    + "</Code></Error>");
                                    return;
                                }
                            }
                            request.response().putHeader("content-type", "application/json")
                                    .end(new JsonObject().put("service", name).put("uri", request.uri())
                                            .put("method", request.method().name()).put("body", body.toString())
                                            .put("host", request.getHeader("Host"))
                                            .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                                            .put("forwardedProto", request.getHeader("X-Forwarded-Proto"))
                                            .put("forwardedPort", request.getHeader("X-Forwarded-Port"))
                                            .put("forwardedHost", request.getHeader("X-Forwarded-Host")).encode());
                        }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static final Map<String, Integer> S3_ERRORS = Map.of("NoSuchKey", 404, "AccessDenied", 403,
            "InternalError", 500);

    @BeforeEach
    void forgetEarlierRequests() {
        RECEIVED.clear();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        vertx.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRuleSendsItsPrefixToItsServiceWithPathAndQueryIntact() throws Exception {
        for (PathRules.Rule rule : RULES.rules()) {
            HttpResponse<String> response = get(rule.prefix() + "deep/path?x=1");
            JsonObject seen = new JsonObject(response.body());
            assertEquals(rule.service(), seen.getString("service"), rule.prefix());
            assertEquals(rule.prefix() + "deep/path?x=1", seen.getString("uri"));
            assertEquals("127.0.0.1", seen.getString("forwardedFor"));
            assertEquals("127.0.0.1", seen.getString("forwardedHost"));
        }
    }

    @Test
    void servicesGetTheClientsHostAndTheForwardedHeadersTheAlbSets() throws Exception {
        String response = rawRequest("GET", "/api/materials/events", "Host: events.example.org:8443\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\n");
        JsonObject seen = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertEquals("events.example.org:8443", seen.getString("host"), "the Host the client sent, as the ALB keeps it");
        assertEquals("events.example.org", seen.getString("forwardedHost"));
        assertEquals("203.0.113.7, 127.0.0.1", seen.getString("forwardedFor"), "the client's address appended");
        assertEquals("http", seen.getString("forwardedProto"), "the scheme the gateway was reached by, not the client's claim");
        assertEquals(String.valueOf(gateway.port()), seen.getString("forwardedPort"), "the listener's port");
    }

    @Test
    void bucketErrorsUnderStaticAreProblemJsonAsCloudFrontWouldAnswerThem() throws Exception {
        Map<String, Integer> expected = Map.of("NoSuchKey", 404, "AccessDenied", 404, "InternalError", 502);
        for (Map.Entry<String, Integer> error : expected.entrySet()) {
            String path = "/static/events/e1/" + error.getKey() + ".pdf";
            HttpResponse<String> response = get(path);
            assertEquals(error.getValue(), response.statusCode(), error.getKey());
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
            assertEquals(Optional.empty(), response.headers().firstValue("x-amz-request-id"), "no S3 internals");
            JsonObject problem = new JsonObject(response.body());
            assertEquals(error.getValue() == 404 ? "https://eventplatform.dev/problems/not-found"
                    : "https://eventplatform.dev/problems/upstream-unavailable", problem.getString("type"));
            assertEquals(path, problem.getString("instance"));
            HttpResponse<String> head = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(error.getValue(), head.statusCode(), "HEAD " + error.getKey());
            assertEquals("", head.body());
        }
        // Still served when present, and a service's own 404 is untouched (only /static/ is translated).
        assertEquals(200, get("/static/events/e1/agenda.pdf").statusCode());
        HttpResponse<String> serviceError = get("/api/materials/NoSuchKey");
        assertEquals(404, serviceError.statusCode());
        assertEquals("application/xml", serviceError.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void bodiesAndMethodsPassThrough() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/registration/events"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"DevConf\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject seen = new JsonObject(response.body());
        assertEquals("POST", seen.getString("method"));
        assertEquals("{\"name\":\"DevConf\"}", seen.getString("body"));
    }

    @Test
    void barePrefixWithoutTrailingSlashGoesToItsService() throws Exception {
        assertEquals("checkin-service", new JsonObject(get("/dashboard").body()).getString("service"));
    }

    @Test
    void webSocketUpgradeReachesTheCheckinService() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = CLIENT.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/checkin/kiosk/e1"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("scan", true);
        assertEquals("checkin-service:/ws/checkin/kiosk/e1:scan", reply.get(5, TimeUnit.SECONDS));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void staticPathsAreServedFromTheBucket() throws Exception {
        JsonObject seen = new JsonObject(get("/static/events/e1/agenda.pdf").body());
        assertEquals("bucket", seen.getString("service"));
        assertEquals("/materials-bucket/static/events/e1/agenda.pdf", seen.getString("uri"));
    }

    @Test
    void publishedMaterialsAreReadOnlyThroughTheGateway() throws Exception {
        for (String method : List.of("PUT", "DELETE", "POST", "PATCH")) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/static/events/e1/agenda.pdf"))
                    .method(method, HttpRequest.BodyPublishers.ofString("<script>alert(1)</script>")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("allow").orElseThrow(), method);
            assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
            assertEquals("https://eventplatform.dev/problems/method-not-allowed",
                    new JsonObject(response.body()).getString("type"));
        }
        assertEquals(List.of(), List.copyOf(RECEIVED), "no write reached the bucket");
        HttpResponse<Void> head = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/static/events/e1/agenda.pdf"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(List.of("bucket HEAD /materials-bucket/static/events/e1/agenda.pdf"), List.copyOf(RECEIVED));
    }

    @Test
    void dotSegmentsPlainOrEncodedAreRefusedBeforeAnyUpstream() throws Exception {
        List<String> walks = List.of("/static/../materials-bucket/other-key", "/static/%2e%2e/secret",
                "/static/events/./e1", "/api/registration/%2e%2e/%2e%2e/q/metrics",
                "/api/registration/%2E%2E/%2e%2E/q/health/ready", "/api/checkin/.%2e/.%2e/q/metrics",
                "/dashboard/%2e%2e/api/materials/events", "/ws/checkin/%2e%2e/%2e%2e/q/health");
        for (String path : walks) {
            String response = rawRequest("GET", path);
            assertTrue(response.startsWith("HTTP/1.1 400"), path + " answered " + response.lines().findFirst());
            assertTrue(response.contains("https://eventplatform.dev/problems/malformed-request"), path);
        }
        assertEquals(List.of(), List.copyOf(RECEIVED), "no dot-segment path reached a service or the bucket");
    }

    @Test
    void pathsAreRoutedAsTheServicesNormaliseThem() throws Exception {
        // %61 is 'a': Quarkus decodes unreserved characters before routing, and so does the gateway.
        String response = rawRequest("GET", "/%61pi/materials/events");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"service\":\"materials-service\""), response);
    }

    @Test
    void theGatewayListensOnLoopbackUnlessExposed() throws Exception {
        Optional<InetAddress> lanAddress = lanAddress();
        assumeTrue(lanAddress.isPresent(), "this machine has no non-loopback IPv4 address to try");
        assertThrows(ConnectException.class, () -> connect(lanAddress.get(), gateway.port()),
                "the default gateway must not be reachable from the network");
        Map<String, URI> upstreams = new LinkedHashMap<>();
        RULES.services().keySet().forEach(s -> upstreams.put(s, URI.create("http://127.0.0.1:" + Ports.free())));
        try (Gateway exposed = Gateway.start(Gateway.ALL_INTERFACES, 0, RULES, upstreams, readiness(upstreams), null)) {
            String response = rawRequest(lanAddress.get(), exposed.port(), "GET", "/no-rule");
            assertTrue(response.startsWith("HTTP/1.1 404"), response);
        }
    }

    private static Optional<InetAddress> lanAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    /** A request sent byte for byte: HTTP clients normalise dot segments before sending. */
    private static String rawRequest(String method, String path) throws IOException {
        return rawRequest(method, path, "Host: 127.0.0.1\r\n");
    }

    /** {@code headers}: complete lines, Host among them. */
    private static String rawRequest(String method, String path, String headers) throws IOException {
        return rawRequest(InetAddress.getLoopbackAddress(), gateway.port(), method, path, headers);
    }

    private static String rawRequest(InetAddress address, int port, String method, String path) throws IOException {
        return rawRequest(address, port, method, path, "Host: 127.0.0.1\r\n");
    }

    private static String rawRequest(InetAddress address, int port, String method, String path, String headers)
            throws IOException {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPathNoRuleCoversIsProblem404() throws Exception {
        HttpResponse<String> response = get("/admin/secret");
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("https://eventplatform.dev/problems/not-found", new JsonObject(response.body()).getString("type"));
    }

    @Test
    void anUpstreamThatIsDownIsProblem502() throws Exception {
        int closedPort = Ports.free();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        RULES.services().keySet().forEach(s -> upstreams.put(s, URI.create("http://127.0.0.1:" + closedPort)));
        try (Gateway dead = Gateway.start(Gateway.LOOPBACK, 0, RULES, upstreams, readiness(upstreams), null)) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + dead.port() + "/api/materials/events")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(502, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/problem+json"));
            assertEquals("https://eventplatform.dev/problems/upstream-unavailable",
                    new JsonObject(response.body()).getString("type"));
            HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + dead.port() + Gateway.HEALTH_PATH)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode());
            assertEquals("DOWN", new JsonObject(health.body()).getString("status"));
        }
    }
}
