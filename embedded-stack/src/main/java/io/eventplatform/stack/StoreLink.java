package io.eventplatform.stack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A link between a service under test and one of the stack's stores (DynamoDB Local, the S3
 * server) that a test can break the way the store itself breaks, on real sockets, with no SDK
 * mocked:
 * <ul>
 * <li>{@link #cut()}: every open connection is closed and new ones are closed on accept, as if
 * the store were down; {@link #restore()} lets bytes flow again.</li>
 * <li>{@link #answer(String, AwsError)}: requests of one operation (its {@code X-Amz-Target}) get
 * the store's own error reply (status, headers and JSON body as AWS sends them) instead of being
 * forwarded; throttling and expired iterators, which DynamoDB Local never produces.</li>
 * <li>{@link #hold(String)}: requests of one operation go unanswered, a connection that went dead
 * on the way: each hangs until its client gives up and closes it. New requests flow again once
 * {@link #heal(String)} is called.</li>
 * </ul>
 * Otherwise requests and replies pass unchanged. The clients are the AWS SDK's (HTTP/1.1, one
 * request at a time per connection), so each request head is read to find its operation and the
 * replies flow back as raw bytes; a request with a chunked body turns its connection into a plain
 * byte pipe. Links are started once per JVM by a test profile, whose class loader differs from
 * the test's, so a link is named and switched through system properties, which both loaders see.
 */
public final class StoreLink {

    private static final String PREFIX = "embedded-stack.link.";
    private static final int MAX_HEAD = 64 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    /** Errors as AWS's JSON protocol sends them: HTTP status, the {@code __type} the SDK maps to an exception, message. */
    public enum AwsError {
        /** DynamoDB Streams: the shard iterator is older than 15 minutes. */
        EXPIRED_ITERATOR(400, "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException",
                "Iterator expired. The iterator was created more than 15 minutes ago. The iterator is valid for 15 minutes."),
        /** DynamoDB Streams: more than 5 GetRecords per second on a shard. */
        LIMIT_EXCEEDED(400, "com.amazonaws.dynamodb.v20120810#LimitExceededException",
                "Rate exceeded for shard"),
        /** Any AWS API, the service front end throttling the account. */
        THROTTLING(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded");

        final int status;
        final String type;
        final String message;

        AwsError(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private final String name;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private StoreLink(String name) {
        this.name = name;
    }

    /** The link of this name; what it controls is shared by every class loader in the JVM. */
    public static StoreLink named(String name) {
        return new StoreLink(name);
    }

    /** The link's local endpoint to the store listening on {@code upstreamPort}, started on first use. */
    public String endpoint(int upstreamPort) {
        synchronized (System.getProperties()) {
            String port = System.getProperty(key("port"));
            if (port == null) {
                port = String.valueOf(start(upstreamPort));
                System.setProperty(key("port"), port);
            }
            return "http://127.0.0.1:" + port;
        }
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        System.setProperty(key("cut"), "true");
    }

    public void restore() {
        System.clearProperty(key("cut"));
    }

    /** Answers every request of {@code operation} (e.g. {@code GetRecords}) with {@code error} until healed. */
    public void answer(String operation, AwsError error) {
        System.setProperty(key("fault." + operation), error.name());
    }

    /** Leaves every request of {@code operation} unanswered, its connection hanging until the client closes it. */
    public void hold(String operation) {
        System.setProperty(key("fault." + operation), "HOLD");
    }

    /** Ends the fault on {@code operation}: its requests are forwarded again (those already held stay dead). */
    public void heal(String operation) {
        System.clearProperty(key("fault." + operation));
    }

    /** Requests of {@code operation} that reached the link since it started: forwarded, answered or held. */
    public long requests(String operation) {
        return Long.getLong(key("requests." + operation), 0);
    }

    /** The body of the last request of {@code operation} (AWS JSON), or null if none came. */
    public String lastRequest(String operation) {
        return System.getProperty(key("last." + operation));
    }

    /** Requests of {@code operation} the link answered with an error itself. */
    public long answered(String operation) {
        return Long.getLong(key("answered." + operation), 0);
    }

    private String key(String suffix) {
        return PREFIX + name + "." + suffix;
    }

    private boolean isCut() {
        return System.getProperty(key("cut")) != null;
    }

    private String fault(String operation) {
        return operation == null ? null : System.getProperty(key("fault." + operation));
    }

    private void count(String what, String operation) {
        synchronized (System.getProperties()) {
            System.setProperty(key(what + "." + operation), String.valueOf(Long.getLong(key(what + "." + operation), 0) + 1));
        }
    }

    private int start(int upstreamPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon("link-" + name + "-accept", () -> {
                while (true) {
                    Socket client = server.accept();
                    if (isCut()) {
                        client.close();
                        continue;
                    }
                    Socket upstream;
                    try {
                        upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    } catch (IOException storeDown) {
                        client.close();
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                    daemon("link-" + name + "-requests", () -> forwardRequests(client, upstream));
                    daemon("link-" + name + "-replies", () -> forwardReplies(upstream, client));
                }
            });
            daemon("link-" + name + "-watch", () -> {
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

    /** Reads request after request from the client, forwarding, answering or holding each. */
    private void forwardRequests(Socket client, Socket upstream) {
        try (InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream toStore = upstream.getOutputStream()) {
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String operation = header(text, "x-amz-target");
                if (operation != null) {
                    operation = operation.substring(operation.indexOf('.') + 1);
                    count("requests", operation);
                }
                String length = header(text, "content-length");
                if (header(text, "transfer-encoding") != null) {
                    toStore.write(head);
                    in.transferTo(toStore);
                    return;
                }
                long bodyLength = length == null ? 0 : Long.parseLong(length.trim());
                String fault = fault(operation);
                if ("HOLD".equals(fault)) {
                    // Swallowed: no answer ever comes on this connection, until the client closes it.
                    in.transferTo(OutputStream.nullOutputStream());
                    return;
                }
                if (fault != null) {
                    if (!"100-continue".equalsIgnoreCase(header(text, "expect"))) {
                        // A client that waits for 100 Continue sends no body once it has the final answer.
                        in.skipNBytes(bodyLength);
                    }
                    count("answered", operation);
                    reply(client, AwsError.valueOf(fault));
                    continue;
                }
                toStore.write(head);
                if (operation != null && bodyLength <= MAX_HEAD) {
                    byte[] body = in.readNBytes((int) bodyLength);
                    System.setProperty(key("last." + operation), new String(body, StandardCharsets.UTF_8));
                    toStore.write(body);
                } else {
                    copy(in, toStore, bodyLength);
                }
                toStore.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client, the store or a cut closed the connection
        } finally {
            close(client);
            close(upstream);
        }
    }

    private void forwardReplies(Socket upstream, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = upstream.getInputStream()) {
            OutputStream out = client.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (client) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the other side or a cut closed it
        } finally {
            close(upstream);
            close(client);
        }
    }

    /** Writes the error as AWS does: JSON-protocol status, headers and {@code {"__type","message"}} body. */
    private static void reply(Socket client, AwsError error) throws IOException {
        byte[] body = ("{\"__type\":\"" + error.type + "\",\"message\":\"" + error.message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + error.status + " Bad Request\r\n"
                + "x-amzn-RequestId: " + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT) + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n\r\n";
        synchronized (client) {
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
        }
        return head.toByteArray();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("request body ended early");
            }
            out.write(buffer, 0, read);
            left -= read;
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
