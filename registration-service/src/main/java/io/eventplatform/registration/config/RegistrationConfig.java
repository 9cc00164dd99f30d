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

    /**
     * How long a registration may decide from an event read this long ago
     * ({@code REGISTRATION_EVENT_SNAPSHOT_MAX_AGE}); its transaction re-checks state, window, seats
     * and version, so this trades one read per attendee for a retry after an edit. 0 reads every time.
     */
    @WithDefault("PT1S")
    Duration eventSnapshotMaxAge();
}
