package io.eventplatform.checkin.socket;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.checkin.live.LiveMessages;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.ratelimit.RateLimitConfig;
import io.eventplatform.shared.ratelimit.RateLimiter;

/**
 * The kiosk socket's rate limit ({@code rate-limit.limits.kiosk-scans}): every message a kiosk
 * sends takes one request from its bucket, keyed by the token's subject, so the kiosk's other
 * sockets and a reconnect with a fresh token share it. A message over the limit is answered with
 * an {@code error} ({@code rate-limited}, with {@code retryAfter}) and not processed; a socket
 * that keeps sending into refusals is closed with 1008.
 */
@ApplicationScoped
public class KioskRateLimit {

    static final String LIMIT = "kiosk-scans";

    private final RateLimiter limiter;
    private final LiveMessages messages;
    private final ObjectMapper json;
    private final int closeAfter;

    /** What to do with a message. */
    sealed interface Decision {
    }

    /** Handle it. */
    record Handle() implements Decision {
    }

    /** Answer with this error instead; close the socket too when {@code close} is set. */
    record Refuse(String error, boolean close) implements Decision {
    }

    private static final Handle HANDLE = new Handle();

    public KioskRateLimit(RateLimiter limiter, LiveMessages messages, ObjectMapper json, RateLimitConfig config) {
        this.limiter = limiter;
        this.messages = messages;
        this.json = json;
        this.closeAfter = config.socketCloseAfter();
    }

    /** @param refusals this socket's refused messages in a row (updated here) */
    Decision check(Caller caller, String text, AtomicInteger refusals) {
        RateLimiter.Verdict verdict = limiter.acquire(LIMIT, caller.subject());
        if (verdict.allowed()) {
            refusals.set(0);
            return HANDLE;
        }
        Problem problem = new Problem(ProblemType.RATE_LIMITED.uri(), ProblemType.RATE_LIMITED.title(), 429,
                "Too many messages from this kiosk; nothing of this one was processed. Send it again after "
                        + verdict.retryAfterSeconds() + " s with the same requestId.", null, List.of());
        String error = messages.rateLimited(requestId(text), problem, verdict.retryAfterSeconds());
        return new Refuse(error, refusals.incrementAndGet() >= closeAfter);
    }

    /** The message's requestId when it has one, so the kiosk knows which command to send again. */
    private String requestId(String text) {
        try {
            JsonNode requestId = json.readTree(text).path("requestId");
            return requestId.isTextual() ? requestId.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
