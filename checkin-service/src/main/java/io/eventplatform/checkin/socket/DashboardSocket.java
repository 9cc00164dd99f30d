package io.eventplatform.checkin.socket;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.LiveEvents;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/checkin/dashboard/{eventId}?epoch=&since=}: staff and organizers watch an event. On
 * connect a snapshot (or, with the epoch and last sequence number of an earlier connection, what
 * was missed), then numbered deltas. Messages: docs/websocket-protocol.md.
 */
@WebSocket(path = "/ws/checkin/dashboard/{eventId}", endpointId = UpgradeAuthentication.DASHBOARD)
public class DashboardSocket {

    private final LiveEvents liveEvents;
    private final int queueLimit;

    public DashboardSocket(LiveEvents liveEvents, CheckinConfig config) {
        this.liveEvents = liveEvents;
        this.queueLimit = config.live().connectionQueue();
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        ConnectionOutbox outbox = new ConnectionOutbox(connection, queueLimit);
        connection.userData().put(SocketCaller.OUTBOX, outbox);
        String query = connection.handshakeRequest().query();
        String epoch = parameter(query, "epoch");
        Long since = sequence(parameter(query, "since"));
        liveEvents.live(connection.pathParam("eventId")).ifPresentOrElse(live -> {
            connection.userData().put(SocketCaller.LIVE_EVENT, live);
            live.watch(outbox, epoch, since);
        }, () -> outbox.close(KioskSocket.POLICY_VIOLATION, "unknown event"));
    }

    @OnClose
    void close(WebSocketConnection connection) {
        LiveEvent live = connection.userData().get(SocketCaller.LIVE_EVENT);
        if (live != null) {
            live.unwatch(connection.userData().get(SocketCaller.OUTBOX));
        }
    }

    private static Long sequence(String value) {
        if (value == null || !value.matches("\\d{1,18}")) {
            return null; // no or unusable resume point: a fresh snapshot
        }
        return Long.valueOf(value);
    }

    static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(parameter.substring(name.length() + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
