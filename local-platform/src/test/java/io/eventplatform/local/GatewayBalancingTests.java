package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/** Two checkin instances behind the gateway, over real sockets: balanced requests, sockets that stay, failover. */
class GatewayBalancingTests {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final PathRules RULES = PathRules.load();
    private static Vertx vertx;
    private static Gateway gateway;
    private static HttpServer instanceA;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, List<URI>> upstreams = new LinkedHashMap<>();
        for (String service : RULES.services().keySet()) {
            upstreams.put(service, new ArrayList<>(List.of(uri(echoServer(service)))));
        }
        instanceA = echoServer("checkin-a");
        upstreams.put("checkin-service", List.of(uri(instanceA), uri(echoServer("checkin-b"))));
        Map<String, URI> readiness = new LinkedHashMap<>();
        upstreams.forEach((service, instances) -> readiness.put(service, instances.get(0).resolve("/q/health/ready")));
        gateway = Gateway.start(Gateway.LOOPBACK, 0, RULES, new Upstreams(upstreams), readiness, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        vertx.close();
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    private static HttpServer echoServer(String name) throws Exception {
        return vertx.createHttpServer()
                .webSocketHandler(socket -> socket.textMessageHandler(text -> socket.writeTextMessage(name)))
                .requestHandler(request -> request.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("instance", name).encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String servedBy() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/api/checkin/events/e/counts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body()).getString("instance");
    }

    @Test
    void requestsAlternateASocketStaysOnItsInstanceAndAStoppedInstanceGetsNoMore() throws Exception {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            served.add(servedBy());
        }
        assertEquals(5, served.stream().filter("checkin-a"::equals).count(), served.toString());
        assertEquals(5, served.stream().filter("checkin-b"::equals).count(), served.toString());

        LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocket socket = CLIENT.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/checkin/dashboard/e"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        echoes.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        List<String> socketInstances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servedBy(); // plain requests go on alternating meanwhile
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            socketInstances.add(echoes.poll(5, TimeUnit.SECONDS));
        }
        assertEquals(1, socketInstances.stream().distinct().count(), "one socket, one instance: " + socketInstances);
        socket.abort();

        instanceA.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 6; i++) {
            assertEquals("checkin-b", servedBy(), "a stopped instance is skipped, not answered with 502");
        }
        WebSocket onB = CLIENT.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/checkin/dashboard/e"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        echoes.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        onB.sendText("again", true).get(5, TimeUnit.SECONDS);
        assertEquals("checkin-b", echoes.poll(5, TimeUnit.SECONDS));
        onB.abort();
    }
}
