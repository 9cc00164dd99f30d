package io.eventplatform.checkin.socket;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * For every socket endpoint: a message over {@code quarkus.websockets-next.server.max-message-size}
 * closes the socket with 1009 (message too big), which clients can tell apart from a server fault.
 * Vert.x signals the overflow as an {@link IllegalStateException}; any other one stays a 1011.
 */
@ApplicationScoped
public class MessageSizeLimit {

    static final int MESSAGE_TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;

    @OnError
    Uni<Void> overflow(IllegalStateException failure, WebSocketConnection connection) {
        if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            Log.debugf("closing %s: %s", connection.id(), failure.getMessage());
            return connection.close(new CloseReason(MESSAGE_TOO_BIG, "message too big"));
        }
        Log.errorf(failure, "socket %s failed", connection.id());
        return connection.close(new CloseReason(INTERNAL_ERROR, "internal error"));
    }
}
