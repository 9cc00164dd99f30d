package io.eventplatform.shared.feed;

import static io.eventplatform.shared.feed.StreamConsumers.await;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Reads the table's changes from the Kinesis data stream it streams into, every shard, on one
 * thread. With fan-out the instance is its own enhanced fan-out consumer ({@link StreamConsumers}):
 * each shard is subscribed over HTTP/2 and renewed every few minutes from its last record;
 * otherwise it polls with GetRecords. Either way: open shards are read from LATEST at start-up
 * (no replay of history), later shards from their start once their parents are drained, throttled
 * and refused calls back off exponentially, records at or below a shard's last sequence number
 * are dropped, and so are the destination's duplicate changes ({@link DuplicateChanges}).
 */
public class KinesisStreamSource implements StreamSource {

    /**
     * A plain logger, not Quarkus's {@code Log}: rewriting {@code Log} calls makes Quarkus load this
     * class's Kinesis types, which services without the Kinesis client (all but checkin) lack.
     */
    private static final Logger LOG = Logger.getLogger(KinesisStreamSource.class);

    private final KinesisAsyncClient kinesis;
    private final String streamArn;
    private final KinesisReading settings;
    private final StreamReading pacing;
    private final String consumerName;
    private final StreamConsumers consumers;
    private final DuplicateChanges duplicates;
    private final Map<String, ShardReader> shards = new LinkedHashMap<>();
    /** Shards that are drained; their children may start. */
    private final Set<String> finished = new HashSet<>();
    /** What subscriptions push, from the HTTP client's threads to the reader's. */
    private final BlockingQueue<Pushed> pushed = new LinkedBlockingQueue<>();
    private final AtomicLong duplicatesDropped = new AtomicLong();
    private final AtomicLong subscriptionsStarted = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private volatile boolean running;
    private volatile boolean positioned;
    /** When nothing is being read: the feed was current at this time. */
    private volatile Instant caughtUpTo = Instant.now();
    private volatile String consumerArn;
    private Thread thread;
    private long nextDiscovery;
    private long nextHeartbeat;

    public KinesisStreamSource(KinesisAsyncClient kinesis, KinesisReading settings, StreamReading pacing) {
        this.kinesis = kinesis;
        this.settings = settings;
        this.pacing = pacing;
        this.streamArn = settings.streamArn()
                .orElseThrow(() -> new IllegalArgumentException("the Kinesis change feed needs the stream's ARN"));
        this.consumerName = settings.consumerPrefix() + settings.consumerName().orElseGet(KinesisStreamSource::hostAndProcess);
        this.consumers = new StreamConsumers(kinesis, streamArn, settings, pacing);
        this.duplicates = new DuplicateChanges(settings.duplicateMemory());
    }

    @Override
    public void start(Consumer<List<ItemChange>> sink) {
        running = true;
        if (settings.fanOut()) {
            consumerArn = consumers.register(consumerName);
            nextHeartbeat = System.nanoTime() + settings.heartbeatInterval().toNanos();
        }
        discover(true);
        thread = new Thread(() -> run(sink), "kinesis-stream-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** This instance's consumer name (prefix and instance). */
    public String consumerName() {
        return consumerName;
    }

    /** Records dropped as repeats: by sequence number within a shard, or as the same change again. */
    public long duplicatesDropped() {
        return duplicatesDropped.get();
    }

    /** SubscribeToShard calls made, first ones and renewals. */
    public long subscriptionsStarted() {
        return subscriptionsStarted.get();
    }

    /** Calls refused for throttling or a subscription still active, each followed by a back-off. */
    public long refusals() {
        return refusals.get();
    }

    @Override
    public long iteratorAgeMillis() {
        Instant oldest = caughtUpTo;
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (!shard.done && shard.caughtUpTo != null && shard.caughtUpTo.isBefore(oldest)) {
                oldest = shard.caughtUpTo;
            }
        }
        return Math.max(0, Instant.now().toEpochMilli() - oldest.toEpochMilli());
    }

    @Override
    public boolean positioned() {
        return positioned;
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
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (shard.subscription != null) {
                shard.subscription.cancel();
            }
        }
        if (consumerArn != null) {
            consumers.deregister(consumerArn, consumerName);
        }
        kinesis.close();
    }

    private void run(Consumer<List<ItemChange>> sink) {
        long backoff = pacing.initialBackoff().toMillis();
        long lastRoundNanos = 0;
        while (running) {
            try {
                if (System.nanoTime() >= nextDiscovery) {
                    discover(false);
                }
                if (settings.fanOut()) {
                    fanOutRound(sink);
                } else {
                    sleepNanos(lastRoundNanos + pacing.pollInterval().toNanos() - System.nanoTime());
                    lastRoundNanos = System.nanoTime();
                    pollRound(sink);
                }
                backoff = pacing.initialBackoff().toMillis();
            } catch (LimitExceededException | ProvisionedThroughputExceededException | ResourceInUseException e) {
                refusals.incrementAndGet();
                LOG.debugf("Kinesis refused a call (%s), backing off %d ms", e.getClass().getSimpleName(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, pacing.maxBackoff().toMillis());
            } catch (SdkException | IllegalStateException | CompletionException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(e, "Kinesis read failed, retrying in %d ms", backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, pacing.maxBackoff().toMillis());
            }
        }
    }

    // ---- enhanced fan-out

    private void fanOutRound(Consumer<List<ItemChange>> sink) {
        long now = System.nanoTime();
        if (now >= nextHeartbeat) {
            consumers.heartbeat(consumerArn);
            nextHeartbeat = now + settings.heartbeatInterval().toNanos();
        }
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (shard.done || !mayStart(shard)) {
                continue;
            }
            if (shard.subscription == null && now >= shard.retryAt) {
                subscribe(shard);
            } else if (shard.subscription != null && shard.subscription.delivering
                    && now - shard.subscribedAt >= settings.resubscribeInterval().toNanos()) {
                // AWS ends a subscription after 5 minutes: renew it from the last record, on our own schedule
                // (one still waiting for its first event is left alone, or a slow start would never finish).
                shard.subscription.cancel();
                shard.subscription = null;
                subscribe(shard);
            }
        }
        Pushed next;
        try {
            next = pushed.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        while (next != null) {
            handle(next, sink);
            next = pushed.poll();
        }
    }

    private void subscribe(ShardReader shard) {
        StartingPosition position;
        if (shard.lastSequence != null) {
            position = StartingPosition.builder().type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(shard.lastSequence.toString()).build();
        } else if (shard.continuation != null) {
            position = StartingPosition.builder().type(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .sequenceNumber(shard.continuation).build();
        } else {
            position = StartingPosition.builder()
                    .type(shard.fromStart ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.LATEST).build();
        }
        ShardSubscription subscription = new ShardSubscription(shard.id);
        shard.subscription = subscription;
        shard.subscribedAt = System.nanoTime();
        subscriptionsStarted.incrementAndGet();
        SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                .onEventStream(publisher -> publisher.subscribe(subscription))
                .onError(subscription::ended)
                .build();
        kinesis.subscribeToShard(r -> r.consumerARN(consumerArn).shardId(shard.id).startingPosition(position), handler)
                .whenComplete((done, failure) -> subscription.ended(failure));
    }

    private void handle(Pushed signal, Consumer<List<ItemChange>> sink) {
        ShardReader shard = shards.get(signal.subscription().shardId);
        if (shard == null || shard.subscription != signal.subscription()) {
            return; // from a subscription that was renewed or cancelled
        }
        if (signal.event() != null) {
            SubscribeToShardEvent event = signal.event();
            signal.subscription().delivering = true;
            shard.backoff = 0;
            shard.started = true;
            if (event.continuationSequenceNumber() != null) {
                shard.continuation = event.continuationSequenceNumber();
            }
            accept(shard, event.records(), event.millisBehindLatest(), sink);
            if (event.hasChildShards() && !event.childShards().isEmpty()) {
                drained(shard, event.childShards());
            } else if (shard.closed && event.records().isEmpty() && Long.valueOf(0).equals(event.millisBehindLatest())) {
                // Closed (the shard list says so) and nothing left: drained, though no event named the children.
                drained(shard, List.of());
            }
            updatePositioned();
            return;
        }
        shard.subscription = null;
        Throwable failure = unwrap(signal.failure());
        if (failure == null) {
            shard.retryAt = 0; // ended on schedule: subscribe again from the last record
        } else if (failure instanceof ResourceInUseException || failure instanceof LimitExceededException) {
            refusals.incrementAndGet();
            shard.backoff = shard.backoff == 0 ? pacing.initialBackoff().toMillis()
                    : Math.min(shard.backoff * 2, pacing.maxBackoff().toMillis());
            shard.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shard.backoff);
            LOG.debugf("subscription to %s refused (%s), retrying in %d ms", shard.id,
                    failure.getClass().getSimpleName(), shard.backoff);
        } else if (failure instanceof ResourceNotFoundException && running && !consumers.exists(consumerArn)) {
            // Another instance judged this one dead and removed its consumer: register again.
            LOG.warnf("change feed consumer %s was removed; registering it again", consumerName);
            consumerArn = consumers.register(consumerName);
            shard.retryAt = 0;
        } else {
            shard.backoff = Math.min(Math.max(shard.backoff * 2, pacing.initialBackoff().toMillis()),
                    pacing.maxBackoff().toMillis());
            shard.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shard.backoff);
            if (running) {
                LOG.warnf("subscription to %s failed (%s), retrying in %d ms", shard.id, failure.getMessage(),
                        shard.backoff);
            }
        }
    }

    // ---- shared-throughput polling

    private void pollRound(Consumer<List<ItemChange>> sink) {
        for (ShardReader shard : List.copyOf(shards.values())) {
            if (shard.done || !mayStart(shard)) {
                continue;
            }
            if (shard.iterator == null) {
                shard.iterator = iterator(shard);
            }
            GetRecordsResponse response;
            try {
                String iterator = shard.iterator;
                response = await(kinesis.getRecords(r -> r.shardIterator(iterator).limit(1000)));
            } catch (ExpiredIteratorException e) {
                shard.iterator = iterator(shard);
                continue;
            }
            accept(shard, response.records(), response.millisBehindLatest(), sink);
            shard.iterator = response.nextShardIterator();
            if (shard.iterator == null) {
                drained(shard, response.hasChildShards() ? response.childShards() : List.of());
            }
        }
    }

    private String iterator(ShardReader shard) {
        if (shard.lastSequence != null) {
            return await(kinesis.getShardIterator(r -> r.streamARN(streamArn).shardId(shard.id)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(shard.lastSequence.toString()))).shardIterator();
        }
        ShardIteratorType type = shard.fromStart ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.LATEST;
        return await(kinesis.getShardIterator(r -> r.streamARN(streamArn).shardId(shard.id).shardIteratorType(type)))
                .shardIterator();
    }

    // ---- both ways

    private void accept(ShardReader shard, List<Record> records, Long millisBehind, Consumer<List<ItemChange>> sink) {
        List<ItemChange> changes = new ArrayList<>();
        for (Record record : records) {
            BigInteger sequence = new BigInteger(record.sequenceNumber());
            if (shard.lastSequence != null && sequence.compareTo(shard.lastSequence) <= 0) {
                duplicatesDropped.incrementAndGet();
                continue;
            }
            shard.lastSequence = sequence;
            KinesisChange change;
            try {
                change = KinesisChangeCodec.decode(record.data().asByteArrayUnsafe());
            } catch (IllegalArgumentException e) {
                LOG.warnf("skipping Kinesis record %s of %s: %s", sequence, shard.id, e.getMessage());
                continue;
            }
            if (duplicates.firstDelivery(change)) {
                changes.add(change.change());
            } else {
                duplicatesDropped.incrementAndGet();
            }
        }
        shard.caughtUpTo = Instant.now().minusMillis(millisBehind == null ? 0 : millisBehind);
        if (!changes.isEmpty()) {
            try {
                sink.accept(changes);
            } catch (RuntimeException e) {
                // One consumer failure must not stop the feed for every other change.
                LOG.errorf(e, "change feed consumer failed on %d changes", changes.size());
            }
        }
    }

    /** A closed shard is read to its end: its children may start, parents first. */
    private void drained(ShardReader shard, List<ChildShard> children) {
        shard.done = true;
        if (shard.subscription != null) {
            shard.subscription.cancel();
            shard.subscription = null;
        }
        finished.add(shard.id);
        caughtUpTo = Instant.now();
        for (ChildShard child : children) {
            shards.computeIfAbsent(child.shardId(), id -> new ShardReader(id, child.parentShards(), true));
        }
        nextDiscovery = 0;
    }

    private boolean mayStart(ShardReader shard) {
        return shard.parents.stream().allMatch(parent -> finished.contains(parent) || !shards.containsKey(parent));
    }

    /**
     * Refreshes the shard list. At start-up only open shards are read, from LATEST; shards that
     * appear later are children and are read from their start once their parents are drained.
     */
    private void discover(boolean startup) {
        List<Shard> found = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListShardsResponse page = await(kinesis.listShards(r -> {
                if (token == null) {
                    r.streamARN(streamArn);
                } else {
                    r.nextToken(token);
                }
            }));
            found.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        for (Shard shard : found) {
            boolean closed = shard.sequenceNumberRange() != null
                    && shard.sequenceNumberRange().endingSequenceNumber() != null;
            ShardReader known = shards.get(shard.shardId());
            if (known != null) {
                known.closed |= closed;
                continue;
            }
            List<String> parents = new ArrayList<>();
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            ShardReader reader = new ShardReader(shard.shardId(), parents, !startup);
            reader.closed = closed;
            if (startup && closed) {
                // History from before this instance started: never replayed to clients.
                reader.done = true;
                finished.add(shard.shardId());
            } else if (startup && !settings.fanOut()) {
                reader.iterator = iterator(reader);
                reader.started = true;
            }
            shards.put(shard.shardId(), reader);
        }
        updatePositioned();
        nextDiscovery = System.nanoTime() + pacing.shardDiscoveryInterval().toNanos();
    }

    /** Positioned once every shard read from LATEST holds its place: an iterator, or a first pushed event. */
    private void updatePositioned() {
        if (!positioned) {
            positioned = shards.values().stream().allMatch(s -> s.done || s.fromStart || s.started);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String hostAndProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        String name = host.replaceAll("[^a-zA-Z0-9_.-]", "-") + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    private void sleepNanos(long nanos) {
        if (nanos > 0) {
            sleep(TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** What one subscription pushed: an event, or its end (failure null: ended normally). */
    private record Pushed(ShardSubscription subscription, SubscribeToShardEvent event, Throwable failure) {
    }

    /** One SubscribeToShard call's event stream; requests one event at a time and hands each to the reader. */
    private final class ShardSubscription implements Subscriber<SubscribeToShardEventStream> {
        final String shardId;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Subscription upstream;
        private volatile boolean cancelled;
        /** Set by the reader once the first event arrived. */
        boolean delivering;

        ShardSubscription(String shardId) {
            this.shardId = shardId;
        }

        void cancel() {
            cancelled = true;
            Subscription current = upstream;
            if (current != null) {
                current.cancel();
            }
        }

        void ended(Throwable failure) {
            if (ended.compareAndSet(false, true)) {
                pushed.add(new Pushed(this, null, failure));
            }
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(SubscribeToShardEventStream item) {
            if (item instanceof SubscribeToShardEvent event) {
                pushed.add(new Pushed(this, event, null));
            }
            upstream.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            ended(failure);
        }

        @Override
        public void onComplete() {
            ended(null);
        }
    }

    /** Reading position in one shard; touched by the reader thread only. */
    private static final class ShardReader {
        final String id;
        final List<String> parents;
        final boolean fromStart;
        String iterator;
        BigInteger lastSequence;
        String continuation;
        boolean closed;
        boolean done;
        boolean started;
        Instant caughtUpTo;
        ShardSubscription subscription;
        long subscribedAt;
        long retryAt;
        long backoff;

        ShardReader(String id, List<String> parents, boolean fromStart) {
            this.id = id;
            this.parents = List.copyOf(parents);
            this.fromStart = fromStart;
        }
    }
}
