package io.eventplatform.checkin.live;

/**
 * The send side of one socket as live state sees it: a bounded queue that never blocks the
 * caller. When it is full the client is too slow and gets dropped, so it cannot slow the others.
 */
public interface Outbox {

    /** Queues a message in order; false when the queue is full (the caller then drops the client). */
    boolean offer(String message);

    /** Replaces any not-yet-sent message of this kind: only the newest counts matter. */
    void offerLatest(String message);

    /** Closes the socket with a WebSocket close code (1001 going away, 1013 try again later). */
    void close(int code, String reason);
}
