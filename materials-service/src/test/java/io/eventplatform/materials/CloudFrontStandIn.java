package io.eventplatform.materials;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for CloudFront's API, where no real one exists: it answers CreateInvalidation
 * as CloudFront documents it and records each request (method, path, body), so a test sees what
 * the service's real AWS SDK client sent. Like the stack's {@code StoreLink}, it lives in the profile's
 * class loader and reports through a system property.
 */
final class CloudFrontStandIn {

    private static final String PORT = "materials-test.cloudfront-port";
    private static final String REQUESTS = "materials-test.cloudfront-requests";
    private static final String SEPARATOR = "\n----\n";

    private CloudFrontStandIn() {
    }

    static synchronized String endpoint() {
        String port = System.getProperty(PORT);
        if (port == null) {
            port = String.valueOf(start());
            System.setProperty(PORT, port);
        }
        return "http://127.0.0.1:" + port;
    }

    /** Every request received so far: "METHOD path\nbody". */
    static List<String> requests() {
        String all = System.getProperty(REQUESTS, "");
        return all.isEmpty() ? List.of() : List.of(all.substring(SEPARATOR.length()).split(SEPARATOR));
    }

    private static int start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (CloudFrontStandIn.class) {
                    System.setProperty(REQUESTS, System.getProperty(REQUESTS, "") + SEPARATOR
                            + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "\n" + body);
                }
                byte[] answer = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Invalidation xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                        + "<Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status>"
                        + "<CreateTime>2026-12-01T10:00:00.000Z</CreateTime>"
                        + "<InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/x</Path></Items></Paths>"
                        + "<CallerReference>r</CallerReference></InvalidationBatch></Invalidation>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                exchange.getResponseHeaders().add("Location", "https://cloudfront.amazonaws.com"
                        + exchange.getRequestURI().getPath() + "/I2J0I21PCUYOIK");
                exchange.sendResponseHeaders(201, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            server.start();
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
