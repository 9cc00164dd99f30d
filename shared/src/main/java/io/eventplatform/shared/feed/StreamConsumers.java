package io.eventplatform.shared.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * The stream's enhanced fan-out consumers as one service sees them. Each instance registers one
 * under its own name and stamps its {@code last-seen} tag every heartbeat; an instance that dies
 * without deregistering stops stamping, and the next instance to start deregisters every consumer
 * under the prefix whose stamp (or, untagged, whose creation) is older than the stale limit. That
 * keeps the stream under its 20 consumers however often instances crash.
 */
public final class StreamConsumers {

    /**
     * A plain logger, not Quarkus's {@code Log}: rewriting {@code Log} calls makes Quarkus load this
     * class's Kinesis types, which services without the Kinesis client (all but checkin) lack.
     */
    private static final Logger LOG = Logger.getLogger(StreamConsumers.class);

    /** Tag on each consumer: epoch seconds when its instance last said it was alive. */
    public static final String LAST_SEEN_TAG = "last-seen";

    private final KinesisAsyncClient kinesis;
    private final String streamArn;
    private final KinesisReading settings;
    private final StreamReading pacing;

    public StreamConsumers(KinesisAsyncClient kinesis, String streamArn, KinesisReading settings, StreamReading pacing) {
        this.kinesis = kinesis;
        this.streamArn = streamArn;
        this.settings = settings;
        this.pacing = pacing;
    }

    /**
     * Removes stale consumers, registers {@code name} (or takes it over if it survived a crash of an
     * instance of the same name), stamps it and waits until it is ACTIVE. Returns its ARN.
     */
    public String register(String name) {
        removeStale(name);
        List<Consumer> consumers = list();
        boolean exists = consumers.stream().anyMatch(c -> c.consumerName().equals(name));
        if (!exists && consumers.size() >= settings.maxConsumers()) {
            throw new IllegalStateException("stream " + streamArn + " already has " + consumers.size()
                    + " consumers, its limit is " + settings.maxConsumers() + ": cannot register " + name
                    + " (lower the instance maximum, or read without fan-out)");
        }
        String arn;
        try {
            arn = await(kinesis.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(name))).consumer()
                    .consumerARN();
        } catch (ResourceInUseException alreadyRegistered) {
            arn = await(kinesis.describeStreamConsumer(r -> r.streamARN(streamArn).consumerName(name)))
                    .consumerDescription().consumerARN();
        }
        awaitActive(arn);
        heartbeat(arn);
        LOG.infof("registered change feed consumer %s", name);
        return arn;
    }

    /** Deregisters every consumer under the prefix, other than {@code own}, whose instance has not been seen lately. */
    public List<String> removeStale(String own) {
        Instant staleBefore = Instant.now().minus(settings.staleConsumerAfter());
        List<String> removed = new ArrayList<>();
        for (Consumer consumer : list()) {
            String name = consumer.consumerName();
            if (!name.startsWith(settings.consumerPrefix()) || name.equals(own)
                    || consumer.consumerStatus() == ConsumerStatus.DELETING) {
                continue;
            }
            Instant lastSeen = lastSeen(consumer);
            if (lastSeen.isBefore(staleBefore)) {
                try {
                    await(kinesis.deregisterStreamConsumer(r -> r.consumerARN(consumer.consumerARN())));
                    removed.add(name);
                    LOG.infof("deregistered stale change feed consumer %s, last seen %s", name, lastSeen);
                } catch (ResourceNotFoundException | ResourceInUseException raced) {
                    // Another starting instance removed it first.
                }
            }
        }
        return removed;
    }

    /** Stamps {@code last-seen} now; a failed stamp is retried at the next heartbeat. */
    public void heartbeat(String consumerArn) {
        String now = String.valueOf(Instant.now().getEpochSecond());
        kinesis.tagResource(r -> r.resourceARN(consumerArn).tags(Map.of(LAST_SEEN_TAG, now)))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warnf("could not stamp change feed consumer: %s", failure.getMessage());
                    }
                });
    }

    /** Whether the consumer still exists (another instance may have judged it stale). */
    public boolean exists(String consumerArn) {
        try {
            await(kinesis.describeStreamConsumer(r -> r.consumerARN(consumerArn)));
            return true;
        } catch (ResourceNotFoundException gone) {
            return false;
        }
    }

    public void deregister(String consumerArn, String name) {
        try {
            kinesis.deregisterStreamConsumer(r -> r.consumerARN(consumerArn)).get(5, TimeUnit.SECONDS);
            LOG.infof("deregistered change feed consumer %s", name);
        } catch (Exception e) {
            // The next instance to start removes it once its stamp is stale.
            LOG.warnf("could not deregister change feed consumer %s: %s", name, e.getMessage());
        }
    }

    /** Every consumer of the stream, under any prefix (they all count against the limit). */
    public List<Consumer> list() {
        List<Consumer> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListStreamConsumersResponse page = await(kinesis.listStreamConsumers(
                    r -> r.streamARN(streamArn).nextToken(token)));
            all.addAll(page.consumers());
            next = page.nextToken();
        } while (next != null);
        return all;
    }

    private Instant lastSeen(Consumer consumer) {
        List<Tag> tags = await(kinesis.listTagsForResource(r -> r.resourceARN(consumer.consumerARN()))).tags();
        return tags.stream().filter(t -> LAST_SEEN_TAG.equals(t.key())).findFirst()
                .map(t -> Instant.ofEpochSecond(Long.parseLong(t.value())))
                .orElse(consumer.consumerCreationTimestamp());
    }

    private void awaitActive(String arn) {
        long deadline = System.nanoTime() + settings.consumerActiveTimeout().toNanos();
        long wait = pacing.initialBackoff().toMillis();
        while (true) {
            try {
                ConsumerDescription description = await(kinesis.describeStreamConsumer(r -> r.consumerARN(arn)))
                        .consumerDescription();
                if (description.consumerStatus() == ConsumerStatus.ACTIVE) {
                    return;
                }
            } catch (LimitExceededException throttled) {
                wait = Math.min(wait * 2, pacing.maxBackoff().toMillis());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer " + arn + " not ACTIVE after " + settings.consumerActiveTimeout());
            }
            sleep(wait);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumer", e);
        }
    }

    /** Waits for a call and throws what it failed with, not its CompletionException wrapper. */
    static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
