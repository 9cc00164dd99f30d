package io.eventplatform.checkin.socket;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * The send side of a plain Vert.x socket (a dashboard): writes go straight to the socket. A
 * client whose unsent bytes pass the write buffer (the kernel's buffers towards it being full
 * already) is too slow.
 */
final class SocketOutbox extends EventLoopOutbox {

    private static final Buffer PING = Buffer.buffer(new byte[0]);

    private final ServerWebSocket socket;

    /** On the socket's event loop. */
    SocketOutbox(ServerWebSocket socket, int writeBuffer) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(writeBuffer);
    }

    @Override
    boolean send(String message) {
        if (socket.isClosed()) {
            // Gone before its close handler detached it: writing would throw and end the broadcast
            // for every other dashboard on this event loop.
            return true;
        }
        if (socket.writeQueueFull()) {
            return false;
        }
        socket.writeTextMessage(message);
        return true;
    }

    /** On the event loop. */
    void ping() {
        if (!closed() && !socket.isClosed()) {
            socket.writePing(PING);
        }
    }

    @Override
    void closeSocket(int code, String reason) {
        writer().execute(() -> {
            if (!socket.isClosed()) {
                socket.close((short) code, reason);
            }
        });
    }
}
