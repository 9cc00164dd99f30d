package io.eventplatform.checkin.socket;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The send side of a websockets-next socket (a kiosk). A write does not wait for the one before
 * it (Netty queues them in order); the writes not yet handed to the kernel are counted, and a
 * client that stops reading reaches the limit and is dropped.
 */
final class ConnectionOutbox extends EventLoopOutbox {

    private final WebSocketConnection connection;
    private final int limit;
    /** Writes not yet flushed to the kernel. */
    private final AtomicInteger unflushed = new AtomicInteger();

    /** In an {@code @OnOpen} callback: on a thread of the connection's context. */
    ConnectionOutbox(WebSocketConnection connection, int limit) {
        this.connection = connection;
        this.limit = limit;
    }

    @Override
    boolean send(String message) {
        if (unflushed.get() >= limit) {
            return false;
        }
        unflushed.incrementAndGet();
        connection.sendText(message).subscribe().with(
                ok -> unflushed.decrementAndGet(),
                failure -> {
                    Log.debugf("send to socket %s failed: %s", connection.id(), failure.getMessage());
                    close(1011, "send failed");
                });
        return true;
    }

    @Override
    void closeSocket(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(
                ok -> Log.debugf("closed socket %s with %d", connection.id(), code),
                failure -> Log.debugf("socket %s was already gone: %s", connection.id(), failure.getMessage()));
    }
}
