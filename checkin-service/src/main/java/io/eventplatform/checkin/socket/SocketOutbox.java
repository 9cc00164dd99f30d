package io.eventplatform.checkin.socket;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.Outbox;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.impl.ContextInternal;

/**
 * The send side of a plain Vert.x socket (a dashboard). Writes go straight to the socket on its
 * event loop; a client whose unsent bytes pass the write buffer (the kernel's buffers are full
 * behind it) is too slow and gets dropped.
 */
final class SocketOutbox implements Outbox {

    private static final Buffer PING = Buffer.buffer(new byte[0]);

    private final ServerWebSocket socket;
    private final Executor eventLoop;
    private final AtomicReference<String> latest = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** On the socket's event loop. */
    SocketOutbox(ServerWebSocket socket, int writeBuffer) {
        this.socket = socket;
        this.eventLoop = ((ContextInternal) Vertx.currentContext()).nettyEventLoop();
        socket.setWriteQueueMaxSize(writeBuffer);
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
        if (socket.writeQueueFull()) {
            return false;
        }
        socket.writeTextMessage(message);
        return true;
    }

    @Override
    public boolean offer(String message) {
        eventLoop.execute(() -> {
            if (!write(message)) {
                close(LiveEvent.TRY_AGAIN_LATER, "too slow, reconnect");
            }
        });
        return true;
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

    /** On the event loop. */
    void ping() {
        if (!closed.get() && !socket.isClosed()) {
            socket.writePing(PING);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            eventLoop.execute(() -> {
                if (!socket.isClosed()) {
                    socket.close((short) code, reason);
                }
            });
        }
    }
}
