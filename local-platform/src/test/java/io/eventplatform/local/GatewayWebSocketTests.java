package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * WebSockets through the gateway at door-rush scale: real sockets, real clients, the real gateway
 * and an upstream that counts its open sockets.
 */
class GatewayWebSocketTests {

    /** Kiosks and dashboards at once; each costs this JVM four descriptors (client, 2 gateway, upstream). */
    private static final int CONCURRENT_SOCKETS = 1_000;
    private static final PathRules RULES = PathRules.load();

    private static Vertx vertx;
    private static HttpServer upstream;
    private static Gateway gateway;
    private static final AtomicInteger upstreamSockets = new AtomicInteger();
    /** The close code each upstream socket was closed with, by path. */
    private static final Map<String, Integer> upstreamCloseCodes = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (request.path().endsWith("/refused")) {
                        request.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                                .putHeader("content-type", "application/problem+json").end("{\"status\":401}");
                        return;
                    }
                    request.toWebSocket().onSuccess(socket -> {
                        upstreamSockets.incrementAndGet();
                        socket.closeHandler(v -> {
                            upstreamSockets.decrementAndGet();
                            if (socket.closeStatusCode() != null) {
                                upstreamCloseCodes.put(socket.path(), socket.closeStatusCode().intValue());
                            }
                        });
                        socket.textMessageHandler(text -> {
                            if (text.startsWith("close ")) {
                                socket.close(Short.parseShort(text.substring(6)), "closed by upstream");
                            } else {
                                socket.writeTextMessage("echo:" + text);
                            }
                        });
                    });
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Map<String, URI> upstreams = new LinkedHashMap<>();
        RULES.services().keySet().forEach(s -> upstreams.put(s, URI.create("http://127.0.0.1:" + upstream.actualPort())));
        gateway = Gateway.start(Gateway.LOOPBACK, 0, RULES, upstreams, GatewayTests.readiness(upstreams), null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        vertx.close();
    }

    @BeforeEach
    void noUpstreamSocketLeftOpen() {
        awaitValue(0, upstreamSockets::get, Duration.ofSeconds(5));
    }

    @Test
    void aThousandSocketsAllUpgradeAndEchoAtOnceAndCloseUpstreamWhenTheyClose() throws Exception {
        WebSocketClient kiosks = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(CONCURRENT_SOCKETS));
        try {
            List<Future<io.vertx.core.http.WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_SOCKETS; i++) {
                opening.add(kiosks.connect(gateway.port(), "127.0.0.1", "/ws/checkin/kiosk/e1"));
            }
            List<io.vertx.core.http.WebSocket> sockets = await(Future.all(opening)).list();
            awaitValue(CONCURRENT_SOCKETS, upstreamSockets::get, Duration.ofSeconds(5));

            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                io.vertx.core.http.WebSocket socket = sockets.get(i);
                var reply = io.vertx.core.Promise.<String>promise();
                socket.textMessageHandler(reply::tryComplete);
                socket.writeTextMessage("scan-" + i);
                replies.add(reply.future());
            }
            List<String> answers = await(Future.all(replies)).list();
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("echo:scan-" + i, answers.get(i));
            }

            await(Future.all(sockets.stream().map(io.vertx.core.http.WebSocket::close).toList()));
            awaitValue(0, upstreamSockets::get, Duration.ofSeconds(10));
        } finally {
            kiosks.close();
        }
    }

    @Test
    void aClientThatDiesWithoutACloseFrameHasItsUpstreamClosedWithinSeconds() throws Exception {
        List<Socket> kiosks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            kiosks.add(rawUpgrade("/ws/checkin/kiosk/e1"));
        }
        awaitValue(10, upstreamSockets::get, Duration.ofSeconds(5));

        // The kiosk's process dies: its TCP connection closes, no WebSocket close frame is sent.
        for (Socket kiosk : kiosks) {
            kiosk.close();
        }

        awaitValue(0, upstreamSockets::get, Duration.ofSeconds(3));
    }

    @Test
    void closeCodesPassThroughInBothDirections() throws Exception {
        CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/checkin/dashboard/e1"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closedWith.complete(statusCode);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("close 4001", true);
        assertEquals(4001, closedWith.get(5, TimeUnit.SECONDS));

        String path = "/ws/checkin/dashboard/closed-by-client";
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + path), new WebSocket.Listener() { })
                .get(5, TimeUnit.SECONDS).sendClose(4002, "kiosk shut down").get(5, TimeUnit.SECONDS);
        awaitValue(4002, () -> upstreamCloseCodes.getOrDefault(path, 0), Duration.ofSeconds(5));
    }

    @Test
    void aRefusedUpgradeReachesTheClientWithTheUpstreamsStatusAndHeaders() {
        var opening = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/checkin/refused"), new WebSocket.Listener() { });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> opening.get(5, TimeUnit.SECONDS));
        var refusal = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        assertEquals(401, refusal.getResponse().statusCode());
        assertEquals("Bearer", refusal.getResponse().headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("application/problem+json",
                refusal.getResponse().headers().firstValue("content-type").orElseThrow());
    }

    /** Upgrades over a plain TCP socket, so the test decides exactly how the connection ends. */
    private static Socket rawUpgrade(String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + gateway.port() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void awaitValue(int expected, IntSupplier actual, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (actual.getAsInt() != expected && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertEquals(expected, actual.getAsInt(), "after " + within.toSeconds() + " s");
    }
}
