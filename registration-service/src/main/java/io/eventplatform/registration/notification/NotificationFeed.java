package io.eventplatform.registration.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.feed.DynamoDbStreamSource;
import io.eventplatform.shared.feed.StreamSource;
import io.eventplatform.shared.feed.StreamsClientFactory;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the sender in this instance: the sweep on every instance, and the change-feed reader on
 * the one instance that holds the feed lease, so however many registration-service instances
 * run, they count as one reader of the stream. When the holder dies its lease lapses, another
 * instance starts reading from then on, and the sweep sends what fell in between.
 */
@ApplicationScoped
public class NotificationFeed {

    static final String LEASE_NAME = "notification-feed";

    private final NotificationSender sender;
    private final FeedLease lease;
    private final DynamoDbClient dynamoDb;
    private final StreamsClientFactory clients;
    private final TableConfig table;
    private final NotificationConfig config;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private ScheduledExecutorService scheduler;
    private volatile StreamSource source;
    /** Until when this instance may read: the last successful renewal's expiry. */
    private volatile Instant heldUntil = Instant.EPOCH;

    public NotificationFeed(NotificationSender sender, FeedLease lease, DynamoDbClient dynamoDb,
            StreamsClientFactory clients, TableConfig table, NotificationConfig config, Clock clock) {
        this.sender = sender;
        this.lease = lease;
        this.dynamoDb = dynamoDb;
        this.clients = clients;
        this.table = table;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.senderEnabled()) {
            Log.info("notification sender off here (notification.sender-enabled=false); other instances send");
            return;
        }
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "notification-sender");
            thread.setDaemon(true);
            return thread;
        });
        if (config.feed().enabled()) {
            long renewMillis = Math.max(100, config.feed().lease().toMillis() / 3);
            scheduler.scheduleWithFixedDelay(this::holdLease, 0, renewMillis, TimeUnit.MILLISECONDS);
        }
        long sweepMillis = config.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        stopReading();
        if (heldUntil.isAfter(clock.instant())) {
            lease.release(LEASE_NAME, instanceId);
        }
    }

    /** Whether this instance reads the change feed now (holds the lease). */
    public boolean reading() {
        StreamSource current = source;
        return current != null && current.positioned();
    }

    private void holdLease() {
        Instant now = clock.instant();
        try {
            Instant until = now.plus(config.feed().lease());
            if (lease.acquire(LEASE_NAME, instanceId, now, until)) {
                heldUntil = until;
                if (source == null) {
                    startReading();
                }
                return;
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "could not renew the notification feed lease");
        }
        if (source != null && !heldUntil.isAfter(clock.instant())) {
            Log.info("notification feed lease lost; another instance reads the feed");
            stopReading();
        }
    }

    private void startReading() {
        String streamArn = config.feed().streamArn().orElseGet(
                () -> dynamoDb.describeTable(r -> r.tableName(table.name())).table().latestStreamArn());
        if (streamArn == null) {
            throw new IllegalStateException("table " + table.name() + " has no stream; enable NEW_AND_OLD_IMAGES");
        }
        StreamSource started = new DynamoDbStreamSource(clients.create(), streamArn, config.feed());
        started.start(sender::onChanges);
        source = started;
        Log.infof("notification sender reads the change feed of %s (lease held)", table.name());
    }

    private void stopReading() {
        StreamSource current = source;
        source = null;
        if (current != null) {
            current.close();
        }
    }

    private void sweep() {
        try {
            int sent = sender.sweep();
            if (sent > 0) {
                Log.debugf("sweep sent %d notifications", sent);
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "notification sweep failed; next one in %s", config.sweepInterval());
        }
    }
}
