package io.eventplatform.local;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

/**
 * A WebSocket carried through the gateway as the ALB carries it: the upgrade goes upstream with
 * the client's headers, and once both sides agree the two TCP connections are spliced byte for
 * byte, so frames, pings and close codes pass unchanged. A refused upgrade reaches the client
 * with the upstream's status, headers and body. When either connection ends, the other is closed.
 */
final class WebSocketTunnel {

    /**
     * Upgraded connections stay in their client's pool until they close, so tunnels get a pool of
     * their own: otherwise a few hundred open sockets would starve every HTTP request (and every
     * further upgrade) to the same service. Each tunnel costs the gateway two of the process's
     * 20,000 file descriptors; this leaves room for plain HTTP beside it.
     */
    static final int MAX_TUNNELS_PER_UPSTREAM = 9_000;

    /** Headers that describe one hop, not the message: never copied onto the other connection. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive",
            "transfer-encoding", "content-length", "host", "upgrade", "te", "trailer", "proxy-connection");

    private WebSocketTunnel() {
    }

    /** The pool of upstream connections tunnels use, failing fast instead of queueing once full. */
    static HttpClientOptions clientOptions() {
        return new HttpClientOptions().setMaxPoolSize(MAX_TUNNELS_PER_UPSTREAM).setMaxWaitQueueSize(0)
                .setTcpNoDelay(true);
    }

    static boolean isUpgrade(HttpServerRequest request) {
        return request.method() == HttpMethod.GET
                && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    }

    /**
     * Asks {@code upstream} to upgrade {@code incoming} (plus the {@code forwarded} headers) and
     * splices the two connections if it agrees; completes failed when the upstream cannot be reached.
     */
    static Future<Void> open(HttpServerRequest incoming, HttpClient tunnels, URI upstream, MultiMap forwarded) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.getHost())
                .setPort(upstream.getPort()).setURI(incoming.uri());
        return tunnels.request(options).compose(request -> {
            incoming.headers().forEach(header -> {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    request.headers().add(header.getKey(), header.getValue());
                }
            });
            forwarded.forEach(header -> request.headers().set(header.getKey(), header.getValue()));
            if (incoming.authority() != null) {
                request.authority(incoming.authority()); // the client's Host, as the ALB keeps it
            }
            // Browsers may send "Connection: keep-alive, Upgrade"; the upstream gets the plain form.
            request.headers().set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE)
                    .set(HttpHeaders.UPGRADE, incoming.getHeader(HttpHeaders.UPGRADE));
            // A tunnel ends by its connection closing, which the close handlers act on; the
            // request still open underneath reports that too, and would log it as an error.
            request.exceptionHandler(closed -> { });
            return request.connect();
        }).compose(response -> {
            if (response.statusCode() != 101) {
                return refuse(incoming.response(), response);
            }
            splice(incoming, response);
            return Future.succeededFuture();
        });
    }

    private static Future<Void> refuse(HttpServerResponse toClient, HttpClientResponse refusal) {
        return refusal.body().compose(body -> {
            toClient.setStatusCode(refusal.statusCode()).setStatusMessage(refusal.statusMessage());
            copyHeaders(refusal.headers(), toClient.headers());
            return toClient.end(body);
        });
    }

    private static void splice(HttpServerRequest incoming, HttpClientResponse accepted) {
        HttpConnection upstreamConnection = accepted.request().connection();
        // Hold what the upstream sends right after its 101 until the client side is ready for it.
        NetSocket upstreamSide = accepted.netSocket().pause();
        HttpServerResponse toClient = incoming.response().setStatusCode(101);
        copyHeaders(accepted.headers(), toClient.headers());
        toClient.headers().set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE)
                .set(HttpHeaders.UPGRADE, accepted.getHeader(HttpHeaders.UPGRADE));
        incoming.toNetSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                upstreamConnection.close();
                return;
            }
            NetSocket clientSide = upgraded.result();
            // The upstream's NetSocket view cannot close its connection (close() only ends the
            // request), so a dead client closes the connection itself.
            clientSide.closeHandler(v -> upstreamConnection.close());
            upstreamConnection.closeHandler(v -> clientSide.close());
            clientSide.pipeTo(upstreamSide);
            upstreamSide.pipeTo(clientSide);
        });
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
