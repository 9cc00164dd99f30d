package io.eventplatform.shared.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A REST operation limited per client address: past the named limit ({@link RateLimitConfig})
 * {@link RateLimitFilter} answers 429 with {@code Retry-After} before the operation runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimited {

    /** The limit's name under {@code rate-limit.limits}. */
    String value();
}
