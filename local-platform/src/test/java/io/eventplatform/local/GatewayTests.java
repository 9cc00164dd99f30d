package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        for (String service : RULES.services().keySet()) {
            upstreams.put(service, URI.create("http://127.0.0.1:" + echoServer(service).actualPort()));
        }
        HttpServer bucket = echoServer("bucket");
        gateway = Gateway.start(0, RULES, upstreams,
                URI.create("http://127.0.0.1:" + bucket.actualPort() + "/materials-bucket"));
    }

    /** A backend that answers every request with who it is and what it saw, and echoes WebSocket text. */
    private static HttpServer echoServer(String name) throws Exception {
        return vertx.createHttpServer().webSocketHandler(socket -> socket.textMessageHandler(
                text -> socket.writeTextMessage(name + ":" + socket.path() + ":" + text)))
                .requestHandler(request -> request.body().onSuccess(body -> request.response()
                        .putHeader("content-type", "application/json")
                        .end(new JsonObject().put("service", name).put("uri", request.uri())
                                .put("method", request.method().name()).put("body", body.toString())
                                .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                                .put("forwardedHost", request.getHeader("X-Forwarded-Host")).encode())))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
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
        try (Gateway dead = Gateway.start(0, RULES, upstreams, null)) {
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
