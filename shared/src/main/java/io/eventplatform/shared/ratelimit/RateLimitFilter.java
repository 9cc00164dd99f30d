package io.eventplatform.shared.ratelimit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.eventplatform.shared.problem.ProblemResponses;
import io.eventplatform.shared.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Limits {@link RateLimited} operations per client address, before the operation runs and its
 * input is validated, so invalid requests count too. The address is the connection's peer or, behind
 * our proxies, the one they appended to {@code X-Forwarded-For} ({@link #clientAddress(String, String, int)}):
 * never the header's first entry, which Quarkus reports and any client can write.
 */
public class RateLimitFilter {

    private final RateLimiter limiter;
    private final ProblemResponses problems;
    private final int forwardedHops;
    /** Each resource method's limit, looked up once. */
    private final Map<Method, Optional<String>> limitsByMethod = new ConcurrentHashMap<>();

    public RateLimitFilter(RateLimiter limiter, ProblemResponses problems, RateLimitConfig config) {
        this.limiter = limiter;
        this.problems = problems;
        this.forwardedHops = config.forwardedHops();
    }

    @ServerRequestFilter
    public Response limit(ResourceInfo resource, HttpServerRequest request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        Optional<String> limit = limitsByMethod.computeIfAbsent(method,
                m -> Optional.ofNullable(m.getAnnotation(RateLimited.class)).map(RateLimited::value));
        if (limit.isEmpty()) {
            return null;
        }
        RateLimiter.Verdict verdict = limiter.acquire(limit.get(), clientAddress(request, forwardedHops));
        if (verdict.allowed()) {
            return null;
        }
        return Response.status(429).type(ProblemResponses.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, verdict.retryAfterSeconds())
                .entity(problems.json(problems.problem(429, ProblemType.RATE_LIMITED,
                        "Too many requests from this client; retry after " + verdict.retryAfterSeconds() + " s.",
                        request.path(), List.of())))
                .build();
    }

    /** The caller's address: see {@link #clientAddress(String, String, int)}. */
    public static String clientAddress(HttpServerRequest request, int forwardedHops) {
        // The connection's own peer: Quarkus's request.remoteAddress() is already X-Forwarded-For's first entry.
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        String peerAddress = peer == null ? "unknown" : peer.hostAddress() != null ? peer.hostAddress() : peer.toString();
        return clientAddress(peerAddress, request.getHeader("X-Forwarded-For"), forwardedHops);
    }

    /**
     * The client's address when {@code forwardedHops} proxies of ours (CloudFront and the ALB: 2; the
     * local gateway: 1) each append the address they saw to {@code X-Forwarded-For}: the entry that many
     * from the right. Entries left of it are the client's own words. Without the header, the peer.
     */
    static String clientAddress(String peer, String forwardedFor, int forwardedHops) {
        if (forwardedHops <= 0 || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] entries = forwardedFor.split(",");
        String entry = entries[Math.max(0, entries.length - forwardedHops)].trim();
        return entry.isEmpty() ? peer : entry;
    }
}
