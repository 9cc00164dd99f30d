package io.eventplatform.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonObject;

/**
 * A door kiosk as docs/websocket-protocol.md tells one to behave, over a real WebSocket: every scan
 * has a requestId of its own and stays unanswered until its {@code scan_result} comes. The kiosk
 * pings and takes a socket for dead when nothing (pong, ping or message) came for
 * {@link #LIVENESS_TIMEOUT}, or when it closes or drops; it then reconnects (at once after 1001,
 * else with backoff from 0.5 s) and resends every unanswered scan with the same requestId.
 */
final class ResendingKiosk implements AutoCloseable {

    static final Duration PING_INTERVAL = Duration.ofSeconds(1);
    /** Long enough that a live but busy instance (a loaded CI machine) is not given up on. */
    static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(5);

    /** How the kiosk found a socket dead, and when ({@link System#nanoTime()}). */
    record Notice(long nanos, String how) {
    }

    private final HttpClient client;
    private final URI url;
    private final String token;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, String> unanswered = new LinkedHashMap<>();
    /** Each requestId's answer: the scan_result's result. */
    final Map<String, JsonObject> results = new ConcurrentHashMap<>();
    /** Scans sent again after a reconnect (or a service-unavailable answer). */
    final AtomicInteger resent = new AtomicInteger();
    /** Sockets opened, the first included. */
    final AtomicInteger connections = new AtomicInteger();
    final List<Notice> notices = Collections.synchronizedList(new ArrayList<>());
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private int generation;
    private int retry;
    private long lastHeardNanos;
    private boolean closed;

    private ResendingKiosk(HttpClient client, URI url, String token) {
        this.client = client;
        this.url = url;
        this.token = token;
    }

    /** Connects (waiting for the first socket) and starts the liveness pings. */
    static ResendingKiosk connect(HttpClient client, URI url, String token) throws Exception {
        ResendingKiosk kiosk = new ResendingKiosk(client, url, token);
        kiosk.open().get(20, TimeUnit.SECONDS);
        kiosk.timers.scheduleAtFixedRate(kiosk::checkLiveness, PING_INTERVAL.toMillis(), PING_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return kiosk;
    }

    private synchronized CompletableFuture<WebSocket> open() {
        int mine = ++generation;
        return client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(url, listener(mine)).whenComplete((opened, failure) -> opened(mine, opened, failure));
    }

    private synchronized void opened(int mine, WebSocket opened, Throwable failure) {
        if (closed || mine != generation) {
            if (opened != null) {
                opened.abort();
            }
            return;
        }
        if (failure != null) {
            reconnectLater(false);
            return;
        }
        socket = opened;
        sending = CompletableFuture.completedFuture(null);
        lastHeardNanos = System.nanoTime();
        retry = 0;
        if (connections.getAndIncrement() > 0) {
            resent.addAndGet(unanswered.size());
        }
        unanswered.forEach(this::send);
    }

    /** Scans a ticket: sent now if a socket is open, else when one is. */
    synchronized void scan(String requestId, String ticket) {
        unanswered.put(requestId, ticket);
        if (socket != null) {
            send(requestId, ticket);
        }
    }

    synchronized int unansweredCount() {
        return unanswered.size();
    }

    private void send(String requestId, String ticket) {
        String command = new JsonObject().put("type", "scan").put("requestId", requestId).put("ticket", ticket)
                .put("direction", "entry").encode();
        WebSocket target = socket;
        // One message at a time per socket; a send that fails is resent once the socket is found dead.
        sending = sending.handle((v, e) -> null).thenCompose(v -> target.sendText(command, true));
    }

    private synchronized void checkLiveness() {
        if (socket == null) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > LIVENESS_TIMEOUT.toNanos()) {
            WebSocket dead = socket;
            dead(generation, "no pong within " + LIVENESS_TIMEOUT.toMillis() + " ms", 1006);
            dead.abort();
            return;
        }
        WebSocket target = socket;
        sending = sending.handle((v, e) -> null).thenCompose(v -> target.sendPing(ByteBuffer.allocate(0)));
    }

    private synchronized void heard(int mine) {
        if (mine == generation) {
            lastHeardNanos = System.nanoTime();
        }
    }

    private synchronized void answered(int mine, JsonObject message) {
        heard(mine);
        String requestId = message.getString("requestId");
        switch (message.getString("type")) {
            case "scan_result" -> {
                unanswered.remove(requestId);
                results.put(requestId, message.getJsonObject("result"));
            }
            case "error" -> {
                String problem = message.getJsonObject("problem").getString("type");
                if (problem.endsWith("/service-unavailable") || problem.endsWith("/rate-limited")) {
                    // Nothing was applied: the same scan again, with the same requestId, after a while.
                    long after = message.getLong("retryAfter", 0L) * 1000 + 500;
                    timers.schedule(() -> resend(mine, requestId), after, TimeUnit.MILLISECONDS);
                } else {
                    unanswered.remove(requestId);
                    results.put(requestId, new JsonObject().put("outcome", "error").put("problem", problem));
                }
            }
            default -> {
            }
        }
    }

    private synchronized void resend(int mine, String requestId) {
        String ticket = unanswered.get(requestId);
        if (ticket != null && mine == generation && socket != null) {
            resent.incrementAndGet();
            send(requestId, ticket);
        }
    }

    /** The socket {@code mine} is gone: note it, and reconnect unless it was already replaced. */
    private synchronized void dead(int mine, String how, int code) {
        if (closed || mine != generation || socket == null) {
            return;
        }
        notices.add(new Notice(System.nanoTime(), how));
        socket = null;
        generation++;
        reconnectLater(code == 1001 || code == 1013);
    }

    /** Backoff from 0.5 s doubling to 30 s; at once after the first 1001 or 1013. */
    private synchronized void reconnectLater(boolean goingAway) {
        if (closed) {
            return;
        }
        long delay = goingAway && retry == 0 ? 0 : Math.min(30_000, 500L << Math.min(retry, 6));
        retry++;
        timers.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    private WebSocket.Listener listener(int mine) {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    answered(mine, new JsonObject(text.toString()));
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
                heard(mine);
                return WebSocket.Listener.super.onPing(ws, message);
            }

            @Override
            public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
                heard(mine);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                dead(mine, "closed " + code, code);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                dead(mine, "dropped (" + error.getClass().getSimpleName() + ")", 1006);
            }
        };
    }

    @Override
    public void close() {
        WebSocket open;
        synchronized (this) {
            closed = true;
            open = socket;
            socket = null;
        }
        timers.shutdownNow();
        if (open != null) {
            open.abort();
        }
    }
}
