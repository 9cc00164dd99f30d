package io.eventplatform.checkin.socket;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * One socket's send side. Writes happen on the socket's own event loop, so they need no lock
 * and keep their order; a write does not wait for the one before it (Netty queues them). The
 * writes not yet handed to the kernel are counted: a client that stops reading reaches the
 * limit and is dropped instead of being buffered without bound.
 */
final class ConnectionOutbox implements Outbox {

    private final WebSocketConnection connection;
    private final Executor eventLoop;
    private final int limit;
    /** Writes not yet flushed to the kernel; changed on the event loop only, read anywhere. */
    private final AtomicInteger unflushed = new AtomicInteger();
    private final AtomicReference<String> latest = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Must be created on a thread of the connection's Vert.x context (an {@code @OnOpen} callback). */
    ConnectionOutbox(WebSocketConnection connection, int limit) {
        this.connection = connection;
        this.eventLoop = ((ContextInternal) Vertx.currentContext()).nettyEventLoop();
        this.limit = limit;
    }

    @Override
    public Executor writer() {
        return eventLoop;
    }

    @Override
    public boolean write(String message) {
        if (closed.get()) {
            return true; // closing anyway; not a slow client
        }
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
    public boolean offer(String message) {
        if (closed.get()) {
            return true;
        }
        if (unflushed.get() >= limit) {
            return false;
        }
        eventLoop.execute(() -> {
            if (!write(message)) {
                close(LiveEvent.TRY_AGAIN_LATER, "too slow, reconnect");
            }
        });
        return true;
    }

    @Override
    public void offerLatest(String message) {
        // One flush task at a time: counts that change while it waits are coalesced into it.
        if (latest.getAndSet(message) == null) {
            eventLoop.execute(() -> {
                String newest = latest.getAndSet(null);
                if (newest != null && !write(newest)) {
                    close(LiveEvent.TRY_AGAIN_LATER, "too slow, reconnect");
                }
            });
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            connection.close(new CloseReason(code, reason)).subscribe().with(
                    ok -> Log.debugf("closed socket %s with %d", connection.id(), code),
                    failure -> Log.debugf("socket %s was already gone: %s", connection.id(), failure.getMessage()));
        }
    }
}
