package io.eventplatform.materials;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link between the service and the stack's real S3 server that a test can cut: while cut,
 * every open connection is closed and new ones are closed on accept, so the service's S3 calls
 * fail on real sockets as they would if the S3 server were down; restored, bytes flow unchanged.
 * Started once per JVM by a test profile (whose class loader differs from the test's), so it is
 * switched through a system property, which both loaders see.
 */
final class S3Link {

    private static final String STATE = "materials-test.s3-link";
    private static final String PORT = "materials-test.s3-link-port";

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private S3Link() {
    }

    /** The link's local endpoint to the S3 server at {@code upstreamPort}, started on first use. */
    static synchronized String endpoint(int upstreamPort) {
        String port = System.getProperty(PORT);
        if (port == null) {
            port = String.valueOf(new S3Link().start(upstreamPort));
            System.setProperty(PORT, port);
        }
        return "http://127.0.0.1:" + port;
    }

    static void cut() {
        System.setProperty(STATE, "cut");
    }

    static void restore() {
        System.setProperty(STATE, "open");
    }

    private static boolean isCut() {
        return "cut".equals(System.getProperty(STATE));
    }

    private int start(int upstreamPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon("s3-link-accept", () -> {
                while (true) {
                    Socket client = server.accept();
                    if (isCut()) {
                        client.close();
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    open.add(client);
                    open.add(upstream);
                    daemon("s3-link-up", () -> pump(client, upstream));
                    daemon("s3-link-down", () -> pump(upstream, client));
                }
            });
            daemon("s3-link-watch", () -> {
                while (true) {
                    if (isCut()) {
                        for (Socket socket : open) {
                            close(socket);
                        }
                    }
                    Thread.sleep(20);
                }
            });
            return server.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side or the cut closed it
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void daemon(String name, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                // the JVM is ending
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
