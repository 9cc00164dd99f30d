package io.eventplatform.shared.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets (Bucket4j) per limit and caller, in memory: each instance limits what reaches it
 * (behind the ALB a caller spreads over the instances, so the effective limit is per instance).
 * Buckets live in a bounded Caffeine cache and expire once they would be full again, so idle
 * callers cost nothing and a flood of callers cannot grow memory past {@code rate-limit.max-callers}.
 */
@ApplicationScoped
public class RateLimiter {

    /** Whether a request may go on; if not, how long until it may. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {

        static final Verdict ALLOWED = new Verdict(true, 0);
    }

    private final RateLimitConfig config;
    private final Map<String, Limited> limits = new ConcurrentHashMap<>();

    /** A limit's bandwidth and its callers' buckets. */
    private record Limited(Bandwidth bandwidth, Cache<String, Bucket> buckets) {
    }

    public RateLimiter(RateLimitConfig config) {
        this.config = config;
    }

    /**
     * Takes one request from the caller's bucket of the named limit.
     *
     * @throws IllegalArgumentException if no such limit is configured (a programming error)
     */
    public Verdict acquire(String limit, String caller) {
        if (!config.enabled()) {
            return Verdict.ALLOWED;
        }
        Limited limited = limits.computeIfAbsent(limit, this::limited);
        Bucket bucket = limited.buckets().get(caller, key -> Bucket.builder().addLimit(limited.bandwidth()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Verdict.ALLOWED;
        }
        return new Verdict(false, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L)));
    }

    private Limited limited(String name) {
        RateLimitConfig.Limit limit = config.limits().get(name);
        if (limit == null) {
            throw new IllegalArgumentException("no rate limit " + name + " configured (rate-limit.limits." + name + ")");
        }
        Bandwidth bandwidth = Bandwidth.builder().capacity(limit.requests())
                .refillGreedy(limit.requests(), limit.period()).build();
        // A bucket untouched for a whole period is full again: forgetting it changes nothing.
        Duration idle = limit.period();
        Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(config.maxCallers())
                .expireAfterAccess(idle).build();
        return new Limited(bandwidth, buckets);
    }
}
