package io.eventplatform.registration.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How registration-service keeps and retries what it writes. */
@ConfigMapping(prefix = "registration")
public interface RegistrationConfig {

    /**
     * How long registrations are kept after their event ends before the table's TTL removes them
     * ({@code REGISTRATION_RETENTION}, ISO-8601 duration).
     */
    @WithDefault("P90D")
    Duration retention();

    /** How long the answer to an {@code Idempotency-Key} is remembered ({@code REGISTRATION_IDEMPOTENCY_TTL}). */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /**
     * Attempts at a transaction that keeps colliding with concurrent ones before the caller gets
     * a 503 to retry ({@code REGISTRATION_TRANSACTION_ATTEMPTS}).
     */
    @WithDefault("60")
    int transactionAttempts();
}
