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
 * input is validated, so invalid requests count too. The address is the connection's peer, or the client
 * the trusted proxy in front (ALB, gateway) forwarded when Quarkus is configured to accept its
 * forwarding headers ({@code quarkus.http.proxy.*}).
 */
public class RateLimitFilter {

    private final RateLimiter limiter;
    private final ProblemResponses problems;
    /** Each resource method's limit, looked up once. */
    private final Map<Method, Optional<String>> limitsByMethod = new ConcurrentHashMap<>();

    public RateLimitFilter(RateLimiter limiter, ProblemResponses problems) {
        this.limiter = limiter;
        this.problems = problems;
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
        RateLimiter.Verdict verdict = limiter.acquire(limit.get(), clientAddress(request));
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

    /** The caller's address as Quarkus resolved it (forwarded only from trusted proxies). */
    public static String clientAddress(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        if (address == null) {
            return "unknown";
        }
        return address.hostAddress() != null ? address.hostAddress() : address.toString();
    }
}
