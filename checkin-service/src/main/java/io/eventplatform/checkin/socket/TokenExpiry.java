package io.eventplatform.checkin.socket;

import java.time.Duration;
import java.time.Instant;

import io.eventplatform.checkin.live.Outbox;
import io.vertx.core.Vertx;

/**
 * A socket lives no longer than the JWT that opened it. Pings keep an idle socket open for hours,
 * so without this a withdrawn kiosk kept scanning and a dashboard kept streaming attendee names
 * after its token expired. At the token's {@code exp} the socket is closed with 1008; the client
 * reconnects with a fresh token (docs/websocket-protocol.md).
 */
final class TokenExpiry {

    static final String REASON = "token expired";

    private TokenExpiry() {
    }

    /** Schedules the close; returns the timer to cancel when the socket closes first. */
    static long closeAtExpiry(Vertx vertx, Instant expiresAt, Outbox outbox) {
        long delay = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
        return vertx.setTimer(delay, id -> outbox.close(KioskSocket.POLICY_VIOLATION, REASON));
    }
}
