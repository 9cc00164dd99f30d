package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.Ports;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/**
 * The target: 5,000 concurrent WebSockets through the gateway. The gateway runs as its
 * own process ({@code ./platform gateway}), as in docker-compose, because the sockets would not
 * fit one process's 20,000 open files: here they cost the gateway 10,000 and this JVM 10,000
 * (clients and upstream).
 */
@Tag("benchmark")
class GatewaySocketCountBenchmarkTests {

    private static final int SOCKETS = 5_000;

    @Test
    void fiveThousandSocketsThroughTheGatewayProcessAllUpgradeAndEcho() throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicInteger upstreamSockets = new AtomicInteger();
        HttpServer upstream = vertx.createHttpServer().webSocketHandler(socket -> {
            upstreamSockets.incrementAndGet();
            socket.closeHandler(v -> upstreamSockets.decrementAndGet());
            socket.textMessageHandler(text -> socket.writeTextMessage("echo:" + text));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int gatewayPort = Ports.free();
        List<String> command = new ArrayList<>(List.of(LocalPlatformCommand.class.getName(), "gateway",
                "--port", String.valueOf(gatewayPort)));
        for (String service : PathRules.load().services().keySet()) {
            command.addAll(List.of("--upstream", service + "=http://127.0.0.1:" + upstream.actualPort()));
        }
        Path log = Files.createTempFile("gateway-benchmark", ".log");
        ChildProcess gateway = ChildProcess.start("gateway", ChildProcess.java(List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")), command), Map.of(), log);
        WebSocketClient kiosks = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(SOCKETS));
        try {
            Ports.awaitListening(gatewayPort, Duration.ofSeconds(30), gateway);
            long started = System.nanoTime();
            List<Future<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) {
                opening.add(kiosks.connect(gatewayPort, "127.0.0.1", "/ws/checkin/kiosk/e1"));
            }
            List<WebSocket> sockets = await(Future.all(opening)).list();
            double upgradedAfter = (System.nanoTime() - started) / 1e9;
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                Promise<String> reply = Promise.promise();
                sockets.get(i).textMessageHandler(reply::tryComplete);
                sockets.get(i).writeTextMessage("scan-" + i);
                replies.add(reply.future());
            }
            List<String> answers = await(Future.all(replies)).list();
            double echoedAfter = (System.nanoTime() - started) / 1e9;
            for (int i = 0; i < answers.size(); i++) {
                assertEquals("echo:scan-" + i, answers.get(i));
            }
            assertEquals(SOCKETS, upstreamSockets.get());
            System.out.printf("%n=== gateway WebSockets (%d cores, gateway in its own process) ===%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%d sockets upgraded in %.1f s, all echoed a message by %.1f s; %d open upstream%n%n",
                    SOCKETS, upgradedAfter, echoedAfter, upstreamSockets.get());
        } finally {
            kiosks.close();
            gateway.stop(10_000);
            vertx.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
