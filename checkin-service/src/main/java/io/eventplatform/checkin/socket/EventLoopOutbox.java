package io.eventplatform.checkin.socket;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.Outbox;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * What every socket's send side shares: it belongs to the event loop the socket lives on, so
 * messages queued from other threads run there in order with broadcasts, and a client too slow
 * for a message is closed with 1013 instead of being buffered without bound.
 */
abstract class EventLoopOutbox implements Outbox {

    private final Executor eventLoop;
    private final AtomicReference<String> latest = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Must be created on a thread of the socket's Vert.x context. */
    EventLoopOutbox() {
        this.eventLoop = ((ContextInternal) Vertx.currentContext()).nettyEventLoop();
    }

    @Override
    public final Executor writer() {
        return eventLoop;
    }

    @Override
    public final boolean write(String message) {
        return closed.get() || send(message); // closing anyway: not a slow client
    }

    /** Writes now, on the event loop; false when the client is too slow for it. */
    abstract boolean send(String message);

    /** Closes the socket itself, once. */
    abstract void closeSocket(int code, String reason);

    boolean closed() {
        return closed.get();
    }

    @Override
    public void offer(String message) {
        eventLoop.execute(() -> {
            if (!write(message)) {
                close(LiveEvent.TRY_AGAIN_LATER, "too slow, reconnect");
            }
        });
    }

    @Override
    public void offerLatest(String message) {
        // One flush task at a time: messages that change while it waits are coalesced into it.
        if (latest.getAndSet(message) == null) {
            eventLoop.execute(() -> {
                String newest = latest.getAndSet(null);
                if (newest != null && !write(newest)) {
                    close(LiveEvent.TRY_AGAIN_LATER, "too slow, reconnect");
                }
            });
        }
    }

    /** Closes the socket once the messages offered before have been written. */
    void closeAfterOffered(int code, String reason) {
        eventLoop.execute(() -> close(code, reason));
    }

    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            closeSocket(code, reason);
        }
    }
}
