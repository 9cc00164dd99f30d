package io.eventplatform.shared.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The rate limits of a service ({@link RateLimiter}): named limits, each a token bucket per caller
 * (a client address, or a kiosk). Each service sets its limits in application.properties; the
 * environment overrides them, e.g. {@code RATE_LIMIT_LIMITS_REGISTRATIONS_REQUESTS=60}.
 */
@ConfigMapping(prefix = "rate-limit")
public interface RateLimitConfig {

    /** Whether limits apply at all ({@code RATE_LIMIT_ENABLED}). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How many callers' buckets an instance keeps per limit ({@code RATE_LIMIT_MAX_CALLERS}); past
     * it the least recently seen are dropped (and start full if they come back), so a flood of
     * addresses cannot grow memory.
     */
    @WithDefault("100000")
    long maxCallers();

    /**
     * How many refused messages in a row a socket may send before it is closed with 1008 (policy
     * violation) ({@code RATE_LIMIT_SOCKET_CLOSE_AFTER}); a client that waits out the refusals keeps its socket.
     */
    @WithDefault("20")
    int socketCloseAfter();

    /**
     * How many proxies of ours stand in front and each append the address they saw to
     * {@code X-Forwarded-For} ({@code RATE_LIMIT_FORWARDED_HOPS}): the local gateway or an ALB alone 1;
     * CloudFront then the ALB 2 (Terraform sets it). The client is that entry from the right.
     */
    @WithDefault("1")
    int forwardedHops();

    /** The limits by name, e.g. {@code rate-limit.limits.registrations.requests=20}. */
    Map<String, Limit> limits();

    /** One limit: a caller may make {@code requests} in a burst, and regains them over {@code period}. */
    interface Limit {

        /** Requests allowed per period (and the largest burst). */
        int requests();

        /** The period over which the requests refill, evenly (e.g. {@code 1m}). */
        Duration period();
    }
}
