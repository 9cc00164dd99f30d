package io.eventplatform.shared.feed;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Reads every shard of one DynamoDB stream on one thread: shards open at startup from LATEST (no
 * replay of 24 h of history), shards found later from TRIM_HORIZON once their parent is drained,
 * expired iterators renewed after the last sequence number seen, throttling backed off
 * exponentially, and records at or below a shard's last sequence number dropped. Store outages are
 * retried: DynamoDB (and DynamoDB Local restarted on its data directory) keeps the stream, its
 * shards, sequence numbers and iterators, so reading goes on where it stopped. A stream that is
 * disabled or gone is read to its end, and then the table's latest stream from its start, with
 * {@link #onMissedChanges} told, since what was written in between is in no stream.
 * <p>
 * Lag ({@link #iteratorAgeMillis()}) is the time since the feed was last known to be current:
 * the start of the last read round in which every shard answered with nothing new, or, while
 * records keep coming, the creation time of the newest one delivered (DynamoDB rounds it down to
 * the second). A round that fails (throttled, timed out, an iterator expired) moves it not at all,
 * so lag grows from the last good read for as long as the reader is stuck, written to or not.
 */
public class DynamoDbStreamSource implements StreamSource {

    /** A plain JBoss logger, not Quarkus's {@code Log}: the local Kinesis destination runs this outside Quarkus. */
    private static final Logger LOG = Logger.getLogger(DynamoDbStreamSource.class);

    private final DynamoDbStreamsClient streams;
    private final Supplier<String> latestStreamArn;
    private final StreamReading config;
    private volatile String streamArn;
    private volatile Runnable missedChanges = () -> {
    };
    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    /** Shards that are drained; their children may start. */
    private final Set<String> finished = new HashSet<>();
    private volatile boolean running;
    private volatile boolean positioned;
    /** Creation time of the newest record read, or when a poll last found nothing new: the feed is current up to here. */
    private volatile Instant caughtUpTo = Instant.now();
    /** Why the last read round failed; null once a round succeeds. */
    private volatile String readProblem;
    private Thread thread;
    private long nextDiscovery;

    /** Reads the stream {@code streamArn} and no other. */
    public DynamoDbStreamSource(DynamoDbStreamsClient streams, String streamArn, StreamReading config) {
        this(streams, () -> streamArn, config);
    }

    /**
     * Reads the table's stream that {@code latestStreamArn} names (DescribeTable's
     * {@code LatestStreamArn}), asked again whenever the stream being read is disabled or gone.
     */
    public DynamoDbStreamSource(DynamoDbStreamsClient streams, Supplier<String> latestStreamArn,
            StreamReading config) {
        this.streams = streams;
        this.latestStreamArn = latestStreamArn;
        this.config = config;
    }

    @Override
    public void onMissedChanges(Runnable listener) {
        missedChanges = listener;
    }

    @Override
    public void start(Consumer<List<ItemChange>> sink) {
        running = true;
        streamArn = latestStreamArn.get();
        discover(true);
        thread = new Thread(() -> run(sink), "dynamodb-stream-reader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long iteratorAgeMillis() {
        // Grows while reads fail or fall behind, so the lag alarm also fires for a reader that is stuck.
        return Math.max(0, Duration.between(caughtUpTo, Instant.now()).toMillis());
    }

    @Override
    public boolean positioned() {
        return positioned;
    }

    @Override
    public Optional<String> readProblem() {
        return Optional.ofNullable(readProblem);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close();
    }

    /**
     * Polls every shard, each round spaced from the start of the last: at the poll interval while
     * changes flow (records come back, the next read follows as soon as the limit allows), and at
     * the idle interval once the stream has been quiet for a while.
     */
    private void run(Consumer<List<ItemChange>> sink) {
        long backoff = config.initialBackoff().toMillis();
        long lastChangeNanos = System.nanoTime();
        long lastRoundNanos = 0;
        while (running) {
            try {
                boolean quiet = System.nanoTime() - lastChangeNanos > config.idleAfter().toNanos();
                long spacing = (quiet ? config.idlePollInterval() : config.pollInterval()).toNanos();
                sleepNanos(lastRoundNanos + spacing - System.nanoTime());
                if (System.nanoTime() >= nextDiscovery) {
                    discover(false);
                }
                lastRoundNanos = System.nanoTime();
                Instant polledAt = Instant.now();
                Round round = pollOnce(sink);
                if (round == Round.RECORDS) {
                    lastChangeNanos = lastRoundNanos;
                } else if (round == Round.NOTHING_NEW) {
                    caughtUpTo = polledAt;
                }
                if (round != Round.INCOMPLETE) {
                    readProblem = null;
                }
                backoff = config.initialBackoff().toMillis();
            } catch (LimitExceededException | ProvisionedThroughputExceededException e) {
                throttled(e, backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
            } catch (SdkException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                if (e instanceof SdkServiceException service && service.isThrottlingException()) {
                    // ThrottlingException and kin: the SDK has retried them already; the reader backs off on top.
                    throttled(service, backoff);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
                    continue;
                }
                readProblem = "stream read failed: " + e.getMessage();
                LOG.warnf(e, "stream read failed, retrying in %d ms", backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
            }
        }
    }

    private void throttled(SdkServiceException e, long backoff) {
        String code = e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        readProblem = "stream reads throttled (" + code + ")";
        LOG.debugf("stream reads throttled, backing off %d ms", backoff);
    }

    /** What a read round found: records, nothing new in any shard, or a shard it could not read this time. */
    private enum Round {
        RECORDS, NOTHING_NEW, INCOMPLETE
    }

    /** One GetRecords per readable shard. */
    private Round pollOnce(Consumer<List<ItemChange>> sink) {
        boolean gotRecords = false;
        boolean complete = true;
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (shard.done || !mayStart(shard)) {
                continue;
            }
            if (shard.iterator == null) {
                shard.iterator = iterator(shard);
            }
            GetRecordsResponse response;
            try {
                response = streams.getRecords(r -> r.shardIterator(shard.iterator).limit(1000));
            } catch (ExpiredIteratorException e) {
                LOG.debugf("iterator of shard %s expired; renewing after %s", shard.id, shard.lastSequence);
                readProblem = "a shard iterator expired; renewed to read on from the last record read";
                complete = false;
                if (shard.lastSequence == null) {
                    // Opened at LATEST and nothing read since: LATEST again would skip what was written
                    // meanwhile, so read from the start and skip what is surely older than the first
                    // position. Record times are rounded down (AWS: to the second, DynamoDB Local: to the
                    // minute), so up to a minute before it comes again: live state ignores changes at or
                    // below the revisions it loaded, and this instance loaded nothing before it started.
                    shard.notBefore = shard.fromStart ? null : shard.openedAt.truncatedTo(ChronoUnit.MINUTES);
                    shard.iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.id)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                } else {
                    shard.iterator = iterator(shard);
                }
                continue;
            } catch (TrimmedDataAccessException e) {
                // The records we wanted aged out; continue from the oldest still kept.
                complete = false;
                shard.lastSequence = null;
                shard.notBefore = null;
                shard.iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.id)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                tellMissedChanges();
                continue;
            }
            List<ItemChange> changes = new ArrayList<>();
            for (Record record : response.records()) {
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                Instant created = record.dynamodb().approximateCreationDateTime();
                if (shard.lastSequence != null && sequence.compareTo(shard.lastSequence) <= 0) {
                    continue;
                }
                shard.lastSequence = sequence;
                if (shard.notBefore != null && created != null && created.isBefore(shard.notBefore)) {
                    continue;
                }
                changes.add(new ItemChange(record.dynamodb().oldImage(), record.dynamodb().newImage(), created));
                if (created != null && created.isAfter(caughtUpTo)) {
                    caughtUpTo = created;
                }
            }
            gotRecords |= !changes.isEmpty();
            if (!changes.isEmpty()) {
                deliver(sink, changes);
            }
            shard.iterator = response.nextShardIterator();
            if (shard.iterator == null) {
                // A closed shard is drained: its children may start, and the shard list has changed.
                shard.done = true;
                finished.add(shard.id);
                nextDiscovery = 0;
            }
        }
        return !complete ? Round.INCOMPLETE : gotRecords ? Round.RECORDS : Round.NOTHING_NEW;
    }

    private void deliver(Consumer<List<ItemChange>> sink, List<ItemChange> changes) {
        try {
            sink.accept(changes);
        } catch (RuntimeException e) {
            // One consumer failure must not stop the feed for every other change.
            LOG.errorf(e, "change feed consumer failed on %d changes", changes.size());
        }
    }

    private boolean mayStart(ShardReader shard) {
        return shard.parentId == null || finished.contains(shard.parentId) || !shards.containsKey(shard.parentId);
    }

    private String iterator(ShardReader shard) {
        if (shard.lastSequence != null) {
            return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.id)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(shard.lastSequence.toString())).shardIterator();
        }
        ShardIteratorType type = shard.fromStart ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.LATEST;
        shard.openedAt = Instant.now();
        return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.id).shardIteratorType(type))
                .shardIterator();
    }

    /**
     * Refreshes the shard list. At startup only open shards are read, from LATEST; shards that
     * appear later are new children and are read from their start once their parent is drained.
     */
    private void discover(boolean startup) {
        String exclusiveStart = null;
        List<Shard> found = new ArrayList<>();
        boolean ended = false;
        do {
            String start = exclusiveStart;
            StreamDescription description;
            try {
                description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(start))
                        .streamDescription();
            } catch (ResourceNotFoundException e) {
                if (!startup && followLatestStream()) {
                    return;
                }
                throw new IllegalStateException("stream " + streamArn + " not found", e);
            }
            found.addAll(description.shards());
            ended = description.streamStatus() == StreamStatus.DISABLED
                    || description.streamStatus() == StreamStatus.DISABLING;
            exclusiveStart = description.lastEvaluatedShardId();
        } while (exclusiveStart != null);
        // A disabled stream's shards are closed: drain them, then go on with the table's new stream.
        if (!startup && ended && shards.values().stream().allMatch(shard -> shard.done) && followLatestStream()) {
            return;
        }
        for (Shard shard : found) {
            if (shards.containsKey(shard.shardId())) {
                continue;
            }
            boolean closed = shard.sequenceNumberRange() != null
                    && shard.sequenceNumberRange().endingSequenceNumber() != null;
            ShardReader reader = new ShardReader(shard.shardId(), shard.parentShardId(), !startup);
            if (startup && closed) {
                // History from before this instance started: never replayed to clients.
                reader.done = true;
                finished.add(shard.shardId());
            } else if (startup) {
                reader.iterator = iterator(reader);
            }
            shards.put(shard.shardId(), reader);
        }
        positioned = true;
        nextDiscovery = System.nanoTime() + config.shardDiscoveryInterval().toNanos();
    }

    /**
     * Moves to the table's latest stream if it is another one, reading every shard of it from its
     * start (children after parents): true if it moved. Changes made while the table had no stream
     * are in none, so consumers are told to rebuild what they hold.
     */
    private boolean followLatestStream() {
        String latest = latestStreamArn.get();
        if (latest == null || latest.equals(streamArn)) {
            return false;
        }
        LOG.warnf("stream %s ended; reading the table's latest stream %s from its start", streamArn, latest);
        streamArn = latest;
        shards.clear();
        finished.clear();
        tellMissedChanges();
        discover(false);
        return true;
    }

    private void tellMissedChanges() {
        try {
            missedChanges.run();
        } catch (RuntimeException e) {
            // The reader goes on whatever the consumer does with the news.
            LOG.errorf(e, "consumer failed on missed changes of %s", streamArn);
        }
    }

    private void sleepNanos(long nanos) {
        if (nanos > 0) {
            sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    private void sleep(long millis) {
        sleep(millis, 0);
    }

    private void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Reading position in one shard. */
    private static final class ShardReader {
        final String id;
        final String parentId;
        final boolean fromStart;
        String iterator;
        BigInteger lastSequence;
        /** When the first iterator was taken; a LATEST one that expires before any record is renewed from here. */
        Instant openedAt;
        /** Records created before this were before the shard's first position: skipped after a renewal from the start. */
        Instant notBefore;
        boolean done;

        ShardReader(String id, String parentId, boolean fromStart) {
            this.id = id;
            this.parentId = parentId;
            this.fromStart = fromStart;
        }
    }
}
