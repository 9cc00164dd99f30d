package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonObject;

/**
 * A staff dashboard socket as the dashboard page holds it, following the client rules of
 * docs/websocket-protocol.md: its messages, epoch, seq and per-shard position, so that it can move
 * to another instance resuming where it stopped. It pings, as a native client does, to find a
 * silent socket dead.
 */
final class DashboardSocket implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** Liveness pings of every dashboard. */
    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard-pings");
        thread.setDaemon(true);
        return thread;
    });


    final List<JsonObject> received = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** When ({@link System#nanoTime()}) and how this client found its socket dead: closed, dropped, or no pong. */
    final CompletableFuture<ResendingKiosk.Notice> noticed = new CompletableFuture<>();
    final List<String> gaps = Collections.synchronizedList(new ArrayList<>());
    private WebSocket socket;
    private ScheduledFuture<?> pings;
    private volatile long lastHeardNanos = System.nanoTime();
    private String epoch;
    private long seq;
    private long[] position;

    /**
     * Opens a dashboard at {@code wsBase}: fresh without {@code previous}, else resuming where
     * {@code previous} stopped (its epoch, seq and position), as the page does on reconnect.
     * It pings, as a native client does, to find a silent socket dead.
     */
    static DashboardSocket open(String wsBase, String eventId, String staffToken, DashboardSocket previous)
            throws Exception {
        DashboardSocket dashboard = new DashboardSocket();
        String url = wsBase + "/ws/checkin/dashboard/" + eventId;
        if (previous != null) {
            synchronized (previous) {
                url += "?" + previous.resumeQuery();
                dashboard.epoch = previous.epoch;
                dashboard.seq = previous.seq;
                dashboard.position = previous.position.clone();
            }
        }
        dashboard.socket = CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + staffToken)
                .buildAsync(URI.create(url), dashboard.listener()).get(20, TimeUnit.SECONDS);
        dashboard.pings = PINGS.scheduleAtFixedRate(dashboard::checkLiveness, ResendingKiosk.PING_INTERVAL.toMillis(),
                ResendingKiosk.PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return dashboard;
    }

    private void checkLiveness() {
        if (System.nanoTime() - lastHeardNanos > ResendingKiosk.LIVENESS_TIMEOUT.toNanos()) {
            dead("no pong within " + ResendingKiosk.LIVENESS_TIMEOUT.toMillis() + " ms");
            socket.abort();
        } else {
            socket.sendPing(ByteBuffer.allocate(0));
        }
    }

    private void dead(String how) {
        noticed.complete(new ResendingKiosk.Notice(System.nanoTime(), how));
        pings.cancel(false);
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                lastHeardNanos = System.nanoTime();
                text.append(data);
                if (last) {
                    apply(new JsonObject(text.toString()));
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                lastHeardNanos = System.nanoTime();
                return WebSocket.Listener.super.onPing(ws, message);
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                lastHeardNanos = System.nanoTime();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                dead("closed " + code);
                closeCode.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                dead("dropped (" + error.getClass().getSimpleName() + ")");
                closeCode.completeExceptionally(error);
            }
        };
    }

    /** The client rules of docs/websocket-protocol.md. */
    private synchronized void apply(JsonObject message) {
        switch (message.getString("type")) {
            case "snapshot" -> {
                epoch = message.getString("epoch");
                seq = message.getLong("seq");
                position = Arrays.stream(message.getString("position").split("\\."))
                        .mapToLong(Long::parseLong).toArray();
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
                        return; // applied on the instance this dashboard came from
                    }
                    position[shard] = message.getLong("rev");
                }
            }
            default -> {
            }
        }
        received.add(message);
    }

    synchronized String epoch() {
        return epoch;
    }

    synchronized String resumeQuery() {
        return "epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8) + "&since=" + seq
                + "&position=" + Arrays.stream(position).mapToObj(Long::toString)
                        .collect(Collectors.joining("."));
    }

    List<JsonObject> ofType(String type) {
        synchronized (received) {
            return received.stream().filter(m -> type.equals(m.getString("type"))).toList();
        }
    }

    List<String> checkIns() {
        return ofType("delta").stream().filter(d -> "checked_in".equals(d.getString("kind")))
                .map(d -> d.getString("registrationId")).toList();
    }

    void awaitType(String type) {
        awaitTrue(() -> !ofType(type).isEmpty());
    }

    JsonObject awaitFirst() {
        awaitTrue(() -> !received.isEmpty());
        return received.get(0);
    }

    /** The (shard, revision) stamps of the deltas received, sorted: every instance numbers a change alike. */
    List<String> stamps() {
        return ofType("delta").stream().map(d -> d.getInteger("shard") + ":" + d.getLong("rev")).sorted().toList();
    }

    /** Every delta numbered last + 1, the first one {@code fromSeq}. */
    void assertConsecutive(long fromSeq) {
        assertEquals(List.of(), gaps, "deltas out of sequence");
        List<JsonObject> deltas = ofType("delta");
        assertTrue(deltas.isEmpty() || deltas.get(0).getLong("seq") >= fromSeq, deltas.toString());
    }

    @Override
    public void close() {
        pings.cancel(false);
        socket.abort();
    }

    /** Waits up to {@link #WAIT} for {@code condition}. */
    static void awaitTrue(BooleanSupplier condition) {
        awaitTrue(condition, () -> "");
    }

    /** As above; a failure says what {@code seen} shows then. */
    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> seen) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + seen.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
