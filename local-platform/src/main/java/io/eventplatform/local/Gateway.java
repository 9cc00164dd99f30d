package io.eventplatform.local;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemResponses;
import io.eventplatform.shared.problem.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The local stand-in for the ALB: one port, routing by the shared path rules, WebSocket
 * upgrades included ({@link WebSocketTunnel}), with the same problem+json answers for what no rule covers.
 * Like the ALB it keeps the client's {@code Host}, adds {@code X-Forwarded-For/Proto/Port} (and
 * {@code X-Forwarded-Host}), and passes the service's status, headers, body and close codes on unchanged.
 * {@code GET /gateway/health} reports every upstream's readiness (the ALB's target health).
 * {@code /static/} stands in for CloudFront, so it is read-only: the S3 server behind it checks no
 * signatures, and any other method would let a caller write to the bucket. Its errors are
 * problem+json, not S3's XML ({@link StaticErrors}).
 */
public final class Gateway implements AutoCloseable {

    static final String HEALTH_PATH = "/gateway/health";
    static final ProblemType UPSTREAM_UNAVAILABLE = ProblemType.of("upstream-unavailable", "Upstream unavailable");
    private static final String UNAVAILABLE_DETAIL = "The service for this path is not answering; try again shortly.";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default bind address: only this machine reaches the platform. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The bind address that exposes the gateway to the network, on explicit request only. */
    public static final String ALL_INTERFACES = "0.0.0.0";
    private static final String STATIC_METHODS = "GET, HEAD";

    private final Vertx vertx;
    private final HttpServer server;
    private final HttpClient client;
    private final HttpClient tunnels;

    private Gateway(Vertx vertx, HttpServer server, HttpClient client, HttpClient tunnels) {
        this.vertx = vertx;
        this.server = server;
        this.client = client;
        this.tunnels = tunnels;
    }

    /**
     * Starts on {@code host} ({@link #LOOPBACK} unless the network should reach it) and {@code port}
     * (0 for any free one), sending each service's paths to its upstream base URI and
     * {@code /static/} to {@code staticOrigin} (the bucket's URL), if given. {@code readiness} is
     * each service's readiness URL (on its management port), which {@link #HEALTH_PATH} reports.
     */
    public static Gateway start(String host, int port, PathRules rules, Map<String, URI> upstreams,
            Map<String, URI> readiness, URI staticOrigin) {
        return start(host, port, rules, Upstreams.single(upstreams), readiness, staticOrigin);
    }

    /**
     * As {@link #start(String, int, PathRules, Map, Map, URI)}, with several instances per service
     * where {@code upstreams} lists them: see {@link Upstreams} for how they share the load.
     */
    static Gateway start(String host, int port, PathRules rules, Upstreams upstreams, Map<String, URI> readiness,
            URI staticOrigin) {
        Vertx vertx = Vertx.vertx();
        // A door rush means many kiosks and dashboards at once: keep plenty of upstream connections.
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200).setKeepAlive(true));
        HttpClient tunnels = vertx.createHttpClient(WebSocketTunnel.clientOptions());
        Map<String, HttpProxy> proxies = new HashMap<>();
        upstreams.services().forEach(service -> proxies.put(service, balancedProxy(client, upstreams, service)));
        HttpProxy staticProxy = null;
        if (staticOrigin != null) {
            // The bucket gets its own Host, as CloudFront sends S3 the origin's domain.
            staticProxy = proxy(client, staticOrigin);
            staticProxy.addInterceptor(new ForwardingInterceptor(staticOrigin.getPath(), false));
            staticProxy.addInterceptor(new StaticErrors());
        }
        HttpProxy staticRoute = staticProxy;
        // No frame limit here: WebSocketTunnel splices bytes, the services enforce their own limits.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost(host)
                .setTcpNoDelay(true));
        server.requestHandler(request -> route(request, rules, proxies, staticRoute, client, tunnels, upstreams,
                readiness));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new io.eventplatform.stack.StackException("the gateway could not listen on " + host + ":" + port
                    + ": " + rootMessage(e));
        }
        return new Gateway(vertx, server, client, tunnels);
    }

    public int port() {
        return server.actualPort();
    }

    private static HttpProxy proxy(HttpClient client, URI base) {
        // WebSockets go through WebSocketTunnel: the proxy's own tunnel keeps upgraded connections
        // in the HTTP pool and leaves them open when the client dies.
        return HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(base.getPort(), base.getHost());
    }

    /** A service's proxy: each request goes to the next instance in turn, and to another if that one refuses. */
    private static HttpProxy balancedProxy(HttpClient client, Upstreams upstreams, String service) {
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .originRequestProvider((request, http) -> connect(http, upstreams, service, null));
        proxy.addInterceptor(new ForwardingInterceptor(null, true));
        return proxy;
    }

    private static Future<HttpClientRequest> connect(HttpClient client, Upstreams upstreams, String service,
            URI besides) {
        URI instance = upstreams.pick(service, besides).orElse(null);
        if (instance == null) {
            return Future.failedFuture("no instance of " + service + " answers");
        }
        return client.request(new RequestOptions().setHost(instance.getHost()).setPort(instance.getPort()))
                .recover(failure -> {
                    upstreams.refused(service, instance);
                    return besides == null ? connect(client, upstreams, service, instance) : Future.failedFuture(failure);
                });
    }

    /** Opens a WebSocket on the next instance in turn, or on another if that one cannot be reached. */
    private static void tunnel(HttpServerRequest request, HttpClient tunnels, Upstreams upstreams, String service,
            URI besides) {
        URI instance = upstreams.pick(service, besides).orElse(null);
        if (instance == null) {
            upstreamUnavailable(request);
            return;
        }
        WebSocketTunnel.open(request, tunnels, instance, forwardedHeaders(request)).onFailure(e -> {
            upstreams.refused(service, instance);
            if (besides == null && !request.response().headWritten()) {
                tunnel(request, tunnels, upstreams, service, instance);
            } else {
                upstreamUnavailable(request);
            }
        });
    }

    private static void route(HttpServerRequest request, PathRules rules, Map<String, HttpProxy> proxies,
            HttpProxy staticProxy, HttpClient client, HttpClient tunnels, Upstreams upstreams,
            Map<String, URI> readiness) {
        String path = RequestPath.routable(request.path()).orElse(null);
        if (path == null) {
            problem(request, 400, ProblemType.MALFORMED_REQUEST,
                    "The path has a dot segment ('.' or '..', also percent-encoded) or is malformed.");
            return;
        }
        if (HEALTH_PATH.equals(path) && request.method() == HttpMethod.GET) {
            health(request, client, readiness);
            return;
        }
        if (staticProxy != null && rules.isStatic(path)) {
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
                request.response().putHeader("Allow", STATIC_METHODS);
                problem(request, 405, ProblemType.METHOD_NOT_ALLOWED,
                        "Published materials are read-only: " + STATIC_METHODS + " only.");
                return;
            }
            staticProxy.handle(request);
            return;
        }
        String service = rules.serviceFor(path).filter(proxies::containsKey).orElse(null);
        if (service == null) {
            problem(request, 404, ProblemType.NOT_FOUND, "No service serves this path.");
            return;
        }
        if (WebSocketTunnel.isUpgrade(request)) {
            tunnel(request, tunnels, upstreams, service, null);
            return;
        }
        proxies.get(service).handle(request);
    }

    /** Every upstream's readiness on its management port; UP only when all are. */
    private static void health(HttpServerRequest request, HttpClient client, Map<String, URI> readiness) {
        JsonObject services = new JsonObject();
        List<Future<?>> checks = new ArrayList<>();
        readiness.forEach((service, ready) -> checks.add(client
                .request(HttpMethod.GET, ready.getPort(), ready.getHost(), ready.getRawPath())
                .compose(r -> r.send()).compose(r -> r.body().map(body -> {
                    services.put(service, new JsonObject().put("status", r.statusCode() == 200 ? "UP" : "DOWN")
                            .put("readiness", body.toJsonObject()));
                    return null;
                }))
                .otherwise(e -> {
                    services.put(service, new JsonObject().put("status", "DOWN").put("error", e.getMessage()));
                    return null;
                })));
        Future.join(checks).onComplete(done -> {
            boolean up = services.stream().allMatch(
                    e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
            request.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("services", services).encode());
        });
    }

    /**
     * The X-Forwarded-* headers the ALB adds to every request it passes on: the client's address
     * appended to X-Forwarded-For, the scheme and the port the client connected to (the listener's).
     * The ALB sends no X-Forwarded-Host (it keeps Host); this one is set, never passed from the
     * client, and the services do not read it (they take the host from Host).
     */
    static MultiMap forwardedHeaders(HttpServerRequest incoming) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        HostAndPort authority = incoming.authority();
        String remote = incoming.remoteAddress() == null ? "unknown" : incoming.remoteAddress().hostAddress();
        String forwardedFor = incoming.getHeader("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwardedFor == null ? remote : forwardedFor + ", " + remote);
        headers.set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
        headers.set("X-Forwarded-Port", String.valueOf(incoming.localAddress().port()));
        if (authority != null) {
            headers.set("X-Forwarded-Host", authority.host());
        }
        return headers;
    }

    private static void upstreamUnavailable(HttpServerRequest request) {
        if (!request.response().headWritten()) {
            problem(request, 502, UPSTREAM_UNAVAILABLE, UNAVAILABLE_DETAIL);
        }
    }

    private static void problem(HttpServerRequest request, int status, ProblemType type, String detail) {
        request.response().setStatusCode(status).putHeader("content-type", ProblemResponses.MEDIA_TYPE)
                .end(problemJson(request.path(), status, type, detail));
    }

    /** The same problem document the services answer with (shared {@link Problem}). */
    static String problemJson(String path, int status, ProblemType type, String detail) {
        try {
            return JSON.writeValueAsString(new Problem(type.uri(), type.title(), status, detail, path, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem record did not serialise", e);
        }
    }

    /**
     * Adds the X-Forwarded-* headers the ALB adds, keeps the client's Host for services (the ALB
     * does; the services build absolute URLs from it), rewrites static paths into the bucket, and
     * turns an unreachable upstream into a problem+json 502 instead of an empty one.
     */
    private static final class ForwardingInterceptor implements ProxyInterceptor {

        private final String pathPrefix;
        private final boolean keepHost;

        ForwardingInterceptor(String pathPrefix, boolean keepHost) {
            this.pathPrefix = pathPrefix;
            this.keepHost = keepHost;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            var request = context.request();
            HttpServerRequest incoming = request.proxiedRequest();
            if (keepHost && incoming.authority() != null) {
                request.setAuthority(incoming.authority());
            }
            forwardedHeaders(incoming).forEach(header -> request.headers().set(header.getKey(), header.getValue()));
            if (pathPrefix != null && !pathPrefix.isEmpty()) {
                request.setURI(pathPrefix + request.getURI());
            }
            return context.sendRequest().recover(failure -> {
                ProxyResponse response = request.response().setStatusCode(502).setStatusMessage("Bad Gateway")
                        .putHeader("content-type", ProblemResponses.MEDIA_TYPE)
                        .setBody(Body.body(io.vertx.core.buffer.Buffer.buffer(problemJson(incoming.path(), 502,
                                UPSTREAM_UNAVAILABLE, UNAVAILABLE_DETAIL))));
                return Future.succeededFuture(response);
            });
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    @Override
    public void close() {
        try {
            server.close().compose(v -> client.close()).compose(v -> tunnels.close()).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway below.
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The event loop threads are daemon threads; the JVM can still exit.
        }
    }
}
