package io.eventplatform.registration.notification;

import java.time.Duration;
import java.util.Optional;

import io.eventplatform.shared.feed.StreamReading;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How attendee notifications are sent: from where, how often retried, and how the sender reads the feed. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    /**
     * Whether this instance sends notifications at all ({@code NOTIFICATION_SENDER_ENABLED}); the
     * outbox items are written either way, and any instance with it on sends them.
     */
    @WithDefault("true")
    boolean senderEnabled();

    /** The sender address of every attendee email ({@code NOTIFICATION_FROM}); an SES-verified identity in AWS. */
    @WithDefault("tickets@event-platform.local")
    String from();

    /**
     * The SES configuration set every email names in {@code X-SES-CONFIGURATION-SET}
     * ({@code NOTIFICATION_SES_CONFIGURATION_SET}): its reputation metrics, TLS policy and
     * suppression list apply. Unset locally.
     */
    Optional<String> sesConfigurationSet();

    /**
     * Where the attendee app opens a ticket ({@code NOTIFICATION_TICKET_LINK}): the email links to it
     * with the ticket token in the fragment ({@code #ticket=...}), which browsers never send to a server.
     */
    @WithDefault("http://localhost:8080/ticket")
    String ticketLink();

    /** Sending attempts before a notification is marked failed ({@code NOTIFICATION_MAX_ATTEMPTS}). */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the first retry; doubles with each attempt ({@code NOTIFICATION_FIRST_RETRY}). */
    @WithDefault("PT30S")
    Duration firstRetry();

    /** Longest wait between two attempts ({@code NOTIFICATION_MAX_RETRY_DELAY}). */
    @WithDefault("PT30M")
    Duration maxRetryDelay();

    /**
     * How long a sender holds a notification it claimed ({@code NOTIFICATION_CLAIM_TIMEOUT}): if it
     * dies before settling it, another sender may take it after this. Longer than one SMTP send.
     */
    @WithDefault("PT2M")
    Duration claimTimeout();

    /**
     * When a new notification becomes due for the sweep if the feed has not sent it
     * ({@code NOTIFICATION_SWEEP_AFTER}): covers a sender that was down or between lease holders.
     */
    @WithDefault("PT30S")
    Duration sweepAfter();

    /** How often each sender queries the due index for notifications to (re)try ({@code NOTIFICATION_SWEEP_INTERVAL}). */
    @WithDefault("PT15S")
    Duration sweepInterval();

    /** Notifications one sweep takes per queue ({@code NOTIFICATION_SWEEP_BATCH}). */
    @WithDefault("50")
    int sweepBatch();

    /** The change-feed reader of the sender. */
    Feed feed();

    /** The sender's change-feed reader: one instance at a time holds the lease and reads. */
    interface Feed extends StreamReading {

        /**
         * Whether the sender reads the change feed at all ({@code NOTIFICATION_FEED_ENABLED}). Off,
         * the sweep alone sends, {@link NotificationConfig#sweepAfter()} late: for a DynamoDB stream
         * whose two readers per shard are both taken by checkin-service.
         */
        @WithDefault("true")
        boolean enabled();

        /** How long the feed lease lasts without renewal ({@code NOTIFICATION_FEED_LEASE}); renewed at a third of it. */
        @WithDefault("PT30S")
        Duration lease();

        /** The stream to read; found from the table when unset. */
        Optional<String> streamArn();

        @Override
        @WithDefault("1s")
        Duration pollInterval();

        @Override
        @WithDefault("2s")
        Duration idlePollInterval();

        @Override
        @WithDefault("30s")
        Duration idleAfter();

        @Override
        @WithDefault("60s")
        Duration shardDiscoveryInterval();

        @Override
        @WithDefault("200ms")
        Duration initialBackoff();

        @Override
        @WithDefault("10s")
        Duration maxBackoff();
    }
}
