package io.eventplatform.checkin.socket;

import java.util.concurrent.atomic.AtomicInteger;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.LiveEvents;
import io.eventplatform.checkin.tracing.Tracing;
import io.eventplatform.shared.auth.Caller;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * {@code /ws/checkin/kiosk/{eventId}}: a kiosk bound to one event (checked before the upgrade)
 * sends scan commands (and, back online, the scans it admitted offline) and gets each one's
 * result and the event's live counts. Messages: docs/websocket-protocol.md.
 */
@WebSocket(path = "/ws/checkin/kiosk/{eventId}", endpointId = UpgradeAuthentication.KIOSK)
public class KioskSocket {

    /** Close code for a socket that cannot be served as asked. */
    static final int POLICY_VIOLATION = 1008;

    private final LiveEvents liveEvents;
    private final KioskScans scans;
    private final KioskRateLimit rateLimit;
    private final int queueLimit;
    private final Vertx vertx;
    private final Tracing tracing;

    public KioskSocket(LiveEvents liveEvents, KioskScans scans, KioskRateLimit rateLimit, CheckinConfig config,
            Vertx vertx, Tracing tracing) {
        this.tracing = tracing;
        this.vertx = vertx;
        this.liveEvents = liveEvents;
        this.scans = scans;
        this.rateLimit = rateLimit;
        this.queueLimit = config.live().connectionQueue();
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        Caller caller = connection.userData().get(SocketCaller.CALLER);
        ConnectionOutbox outbox = new ConnectionOutbox(connection, queueLimit);
        connection.userData().put(SocketCaller.OUTBOX, outbox);
        connection.userData().put(SocketCaller.RATE_LIMITED, new AtomicInteger());
        connection.userData().put(SocketCaller.EXPIRY_TIMER, TokenExpiry.closeAtExpiry(vertx, caller.expiresAt(), outbox));
        liveEvents.live(connection.pathParam("eventId")).ifPresentOrElse(live -> {
            connection.userData().put(SocketCaller.LIVE_EVENT, live);
            live.attachKiosk(outbox, KioskScans.gate(caller));
        }, () -> outbox.close(POLICY_VIOLATION, "unknown event"));
    }

    /**
     * Commands on one socket are handled one at a time, in order (a worker thread: they read and
     * write the table); while tracing, each in a span from its frame to its answer.
     */
    @OnTextMessage
    void command(String text, WebSocketConnection connection) {
        String eventId = connection.pathParam("eventId");
        tracing.kioskCommand(eventId, () -> {
            handle(text, connection, eventId);
            return null;
        });
    }

    private void handle(String text, WebSocketConnection connection, String eventId) {
        ConnectionOutbox outbox = connection.userData().get(SocketCaller.OUTBOX);
        Caller caller = connection.userData().get(SocketCaller.CALLER);
        if (rateLimit.check(caller, text, connection.userData().get(SocketCaller.RATE_LIMITED))
                instanceof KioskRateLimit.Refuse refuse) {
            outbox.offer(refuse.error());
            if (refuse.close()) {
                outbox.closeAfterOffered(POLICY_VIOLATION, "rate limit exceeded");
            }
            return;
        }
        outbox.offer(scans.handle(text, caller, eventId));
    }

    @OnClose
    void close(WebSocketConnection connection) {
        Long expiry = connection.userData().get(SocketCaller.EXPIRY_TIMER);
        if (expiry != null) {
            vertx.cancelTimer(expiry);
        }
        LiveEvent live = connection.userData().get(SocketCaller.LIVE_EVENT);
        if (live != null) {
            live.detachKiosk(connection.userData().get(SocketCaller.OUTBOX));
        }
    }
}
