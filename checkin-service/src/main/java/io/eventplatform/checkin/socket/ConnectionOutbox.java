package io.eventplatform.checkin.socket;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.eventplatform.checkin.live.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * One socket's bounded send queue: messages go out one at a time, the next when the previous
 * was written, so a slow client fills its own queue (and is then dropped) instead of buffering
 * without bound or holding up the publisher.
 */
final class ConnectionOutbox implements Outbox {

    private final WebSocketConnection connection;
    private final int limit;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<String> latest = new AtomicReference<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    ConnectionOutbox(WebSocketConnection connection, int limit) {
        this.connection = connection;
        this.limit = limit;
    }

    @Override
    public boolean offer(String message) {
        if (closed.get()) {
            return true; // closing anyway; not a slow client
        }
        if (queued.incrementAndGet() > limit) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(message);
        drain();
        return true;
    }

    @Override
    public void offerLatest(String message) {
        latest.set(message);
        drain();
    }

    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            connection.close(new CloseReason(code, reason)).subscribe().with(
                    ok -> Log.debugf("closed socket %s with %d", connection.id(), code),
                    failure -> Log.debugf("socket %s was already gone: %s", connection.id(), failure.getMessage()));
        }
    }

    private void drain() {
        while (!closed.get() && sending.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next != null) {
                queued.decrementAndGet();
            } else {
                next = latest.getAndSet(null);
            }
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty() && latest.get() == null) {
                    return;
                }
                continue; // something arrived between the poll and the release
            }
            connection.sendText(next).subscribe().with(
                    ok -> {
                        sending.set(false);
                        drain();
                    },
                    failure -> {
                        sending.set(false);
                        Log.debugf("send to socket %s failed: %s", connection.id(), failure.getMessage());
                        close(1011, "send failed");
                    });
            return;
        }
    }
}
