package io.eventplatform.checkin.live;

import java.util.concurrent.Executor;

/**
 * The send side of one socket as live state sees it. It never blocks the caller, and a client
 * that stops reading is dropped instead of buffered without bound, so it cannot slow the others.
 * Every socket belongs to one writer thread (its event loop): a broadcast visits each writer
 * once and writes to all of its sockets there, instead of one task per socket.
 */
public interface Outbox {

    /** The thread that writes to this socket; tasks run on it in the order they were given. */
    Executor writer();

    /**
     * Writes a message now; only on {@link #writer()}. False when the client has too many
     * messages unacknowledged: it is too slow, and the caller drops it.
     */
    boolean write(String message);

    /** Queues a message from any thread, in order with broadcasts; a client too slow for it is closed. */
    void offer(String message);

    /** Replaces any not-yet-sent message of this kind: only the newest counts matter. */
    void offerLatest(String message);

    /** Closes the socket with a WebSocket close code (1001 going away, 1013 try again later). */
    void close(int code, String reason);
}
