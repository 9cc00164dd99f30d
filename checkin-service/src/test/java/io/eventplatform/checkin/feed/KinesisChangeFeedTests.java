package io.eventplatform.checkin.feed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.feed.ItemChange;
import io.eventplatform.shared.feed.KinesisChange;
import io.eventplatform.shared.feed.KinesisChangeCodec;
import io.eventplatform.shared.feed.KinesisReading;
import io.eventplatform.shared.feed.KinesisStreamSource;
import io.eventplatform.shared.feed.StreamConsumers;
import io.eventplatform.shared.feed.StreamReading;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.KinesisServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis source against a real Kinesis-protocol server (kinesis-local), both ways it reads:
 * enhanced fan-out (SubscribeToShard over HTTP/2) and shared-throughput GetRecords. The server is
 * fed change records in the streaming destination's format, made from real registration items;
 * what the source delivers goes through the service's own mapping to domain events.
 */
class KinesisChangeFeedTests {

    private static final String REGION = "us-east-1";
    private static KinesisServer server;
    private static KinesisAsyncClient admin;

    @BeforeAll
    static void startServer() {
        assumeTrue(KinesisServer.installed(), "kinesis-local is not installed: npm ci --prefix kinesis-server (./platform test does)");
        server = KinesisServer.start(Path.of("target/kinesis-local"), Duration.ofMillis(200));
        admin = client();
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoFanOutConsumersEachGetEveryChangeOnceThoughTheDestinationRepeatsRecords() {
        String stream = createStream(2);
        Received a = new Received();
        Received b = new Received();
        try (KinesisStreamSource first = start(stream, "a", true, Duration.ofMinutes(5), a);
                KinesisStreamSource second = start(stream, "b", true, Duration.ofMinutes(5), b)) {
            assertEquals(List.of("checkin-a", "checkin-b"), consumerNames(stream));
            List<byte[]> written = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                written.add(put(stream, registered("r" + i, 1)));
            }
            // The destination writes some changes twice, under new sequence numbers.
            for (int i = 0; i < 20; i += 4) {
                putRaw(stream, "r" + i, written.get(i));
            }
            for (Received received : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> received.created() == 20);
            }
            settle();
            for (Received received : List.of(a, b)) {
                assertEquals(20, received.created(), "each change once after deduplication");
                assertEquals(20, received.distinctRegistrations());
            }
            assertTrue(first.duplicatesDropped() >= 5, "repeats dropped: " + first.duplicatesDropped());
            assertTrue(second.duplicatesDropped() >= 5, "repeats dropped: " + second.duplicatesDropped());
        }
        assertEquals(List.of(), consumerNames(stream), "each consumer deregisters at shutdown");
    }

    @Test
    void subscriptionsAreRenewedFromTheLastRecordWithoutLossOrRepeat() {
        String stream = createStream(1);
        Received received = new Received();
        try (KinesisStreamSource source = start(stream, "renewing", true, Duration.ofSeconds(3), received)) {
            for (int version = 1; version <= 30; version++) {
                put(stream, registered("r-renew", version));
                sleep(400);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(versions(1, 30), received.versions("r-renew")));
            settle();
            assertTrue(source.subscriptionsStarted() >= 3, "renewed: " + source.subscriptionsStarted());
            assertEquals(versions(1, 30), received.versions("r-renew"), "every change once, in order");
        }
    }

    @Test
    void aSplitShardIsFollowedParentFirstByFanOutAndPolling() throws Exception {
        String stream = createStream(1);
        Received pushed = new Received();
        Received polled = new Received();
        try (KinesisStreamSource fanOut = start(stream, "split-efo", true, Duration.ofMinutes(5), pushed);
                KinesisStreamSource polling = start(stream, "split-poll", false, Duration.ofMinutes(5), polled)) {
            for (int version = 1; version <= 10; version++) {
                put(stream, registered("r-split", version));
            }
            Shard parent = admin.listShards(r -> r.streamName(stream)).get().shards().get(0);
            BigInteger middle = new BigInteger(parent.hashKeyRange().startingHashKey())
                    .add(new BigInteger(parent.hashKeyRange().endingHashKey())).shiftRight(1);
            admin.splitShard(r -> r.streamName(stream).shardToSplit(parent.shardId())
                    .newStartingHashKey(middle.toString())).get();
            awaitActive(stream);
            for (int version = 11; version <= 20; version++) {
                put(stream, registered("r-split", version));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertEquals(versions(1, 20), polled.versions("r-split"), "polled"));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertEquals(versions(1, 20), pushed.versions("r-split"), "pushed"));
            settle();
            assertEquals(versions(1, 20), pushed.versions("r-split"), "fan-out: parent drained before its child");
            assertEquals(versions(1, 20), polled.versions("r-split"), "polling: parent drained before its child");
            assertEquals(3, admin.listShards(r -> r.streamName(stream)).get().shards().size());
        }
    }

    @Test
    void pollingFollowsAnUpdateShardCount() throws Exception {
        String stream = createStream(1);
        Received received = new Received();
        try (KinesisStreamSource source = start(stream, "resize", false, Duration.ofMinutes(5), received)) {
            for (int i = 0; i < 10; i++) {
                put(stream, registered("before-" + i, 1));
            }
            admin.updateShardCount(r -> r.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING))
                    .get();
            awaitActive(stream);
            for (int i = 0; i < 10; i++) {
                put(stream, registered("after-" + i, 1));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.created() == 20);
            settle();
            assertEquals(20, received.distinctRegistrations());
        }
    }

    @Test
    void aSubscriptionRefusedWhileAnotherIsActiveBacksOffAndResumes() throws Exception {
        String stream = createStream(1);
        String arn = streamArn(stream);
        // A crashed instance of the same name left its consumer with a subscription still open.
        String consumerArn = admin.registerStreamConsumer(r -> r.streamARN(arn).consumerName("checkin-restarted")).get()
                .consumer().consumerARN();
        awaitConsumerActive(consumerArn);
        String shard = admin.listShards(r -> r.streamName(stream)).get().shards().get(0).shardId();
        var leftOver = admin.subscribeToShard(r -> r.consumerARN(consumerArn).shardId(shard)
                .startingPosition(p -> p.type("LATEST")), software.amazon.awssdk.services.kinesis.model
                        .SubscribeToShardResponseHandler.builder().subscriber(event -> { }).build());
        sleep(500);
        Received received = new Received();
        Settings settings = new Settings(arn, true, "restarted", Duration.ofMinutes(5), 20);
        try (KinesisStreamSource source = new KinesisStreamSource(client(), settings, settings)) {
            source.start(received);
            await().atMost(Duration.ofSeconds(20)).until(() -> source.refusals() >= 2);
            assertFalse(source.positioned(), "not ready while its shard cannot be subscribed");
            leftOver.cancel(true);
            await().atMost(Duration.ofSeconds(60)).until(source::positioned);
            put(stream, registered("r-after-refusal", 1));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.created() == 1);
        }
    }

    @Test
    void consumersOfCrashedInstancesAreRemovedAndTheLimitIsKept() throws Exception {
        String stream = createStream(1);
        String arn = streamArn(stream);
        String dead = registerWithStamp(arn, "checkin-crashed", Instant.now().minus(Duration.ofMinutes(10)));
        registerWithStamp(arn, "checkin-alive", Instant.now());
        registerWithStamp(arn, "notifications-other", Instant.now().minus(Duration.ofMinutes(10)));
        Received received = new Received();
        try (KinesisStreamSource source = start(stream, "fresh", true, Duration.ofMinutes(5), received)) {
            assertEquals(List.of("checkin-alive", "checkin-fresh", "notifications-other"), consumerNames(stream),
                    "only the stale consumer under this service's prefix is gone");
            assertFalse(consumerNames(stream).contains("checkin-crashed"));
            assertTrue(admin.listTagsForResource(r -> r.resourceARN(dead)).handle((ok, gone) -> gone != null).get());
        }
        // Three consumers already (alive, other, and one more): a limit of 3 refuses a fourth clearly.
        registerWithStamp(arn, "checkin-busy", Instant.now());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> start(stream, "one-too-many", true, Duration.ofMinutes(5), new Received(), 3));
        assertTrue(refused.getMessage().contains("its limit is 3"), refused.getMessage());
    }

    // ---- fixtures

    /** What a source delivered, through the service's own mapping to domain events. */
    private static final class Received implements java.util.function.Consumer<List<ItemChange>> {
        final List<DomainEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<ItemChange> changes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(List<ItemChange> batch) {
            changes.addAll(batch);
            events.addAll(ChangeRecords.toEvents(batch));
        }

        long created() {
            return snapshot().stream().filter(DomainEvent.RegistrationCreated.class::isInstance).count();
        }

        long distinctRegistrations() {
            return snapshot().stream().map(e -> ((DomainEvent.RegistrationEvent) e).attendee().registrationId())
                    .distinct().count();
        }

        /** Versions of one registration's item in the order its changes were delivered. */
        List<Long> versions(String registrationId) {
            List<ItemChange> delivered;
            synchronized (changes) {
                delivered = List.copyOf(changes);
            }
            return delivered.stream().map(ItemChange::newImage)
                    .filter(item -> registrationId.equals(item.get(TableSchema.REGISTRATION_ID).s()))
                    .map(item -> RegistrationItem.from(item).version()).toList();
        }

        private List<DomainEvent> snapshot() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }

    private static KinesisStreamSource start(String stream, String name, boolean fanOut, Duration resubscribe,
            Received sink) {
        return start(stream, name, fanOut, resubscribe, sink, 20);
    }

    private static KinesisStreamSource start(String stream, String name, boolean fanOut, Duration resubscribe,
            Received sink, int maxConsumers) {
        Settings settings = new Settings(streamArn(stream), fanOut, name, resubscribe, maxConsumers);
        KinesisStreamSource source = new KinesisStreamSource(client(), settings, settings);
        try {
            source.start(sink);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        await().atMost(Duration.ofSeconds(30)).until(source::positioned);
        return source;
    }

    /** Test pacing: fast polls and short back-offs; the consumer settings of the service otherwise. */
    private record Settings(String arn, boolean fanOut, String name, Duration resubscribeInterval, int maxConsumers)
            implements KinesisReading, StreamReading {
        public Optional<String> streamArn() { return Optional.of(arn); }
        public Optional<URI> endpointOverride() { return Optional.of(server.endpoint()); }
        public String consumerPrefix() { return "checkin-"; }
        public Optional<String> consumerName() { return Optional.of(name); }
        public Duration heartbeatInterval() { return Duration.ofSeconds(1); }
        public Duration staleConsumerAfter() { return Duration.ofMinutes(3); }
        public Duration consumerActiveTimeout() { return Duration.ofSeconds(20); }
        public int duplicateMemory() { return 10_000; }
        public Duration pollInterval() { return Duration.ofMillis(200); }
        public Duration idlePollInterval() { return Duration.ofMillis(200); }
        public Duration idleAfter() { return Duration.ofSeconds(30); }
        public Duration shardDiscoveryInterval() { return Duration.ofMillis(500); }
        public Duration initialBackoff() { return Duration.ofMillis(100); }
        public Duration maxBackoff() { return Duration.ofSeconds(1); }
    }

    private static KinesisAsyncClient client() {
        return KinesisAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(server.endpoint())
                .build();
    }

    private static final AtomicInteger STREAMS = new AtomicInteger();

    private static String createStream(int shards) {
        String name = "changes-" + STREAMS.incrementAndGet();
        admin.createStream(r -> r.streamName(name).shardCount(shards)).join();
        awaitActive(name);
        return name;
    }

    private static void awaitActive(String stream) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> admin
                .describeStreamSummary(r -> r.streamName(stream)).join().streamDescriptionSummary().streamStatus()
                == StreamStatus.ACTIVE);
    }

    private static String streamArn(String stream) {
        return admin.describeStreamSummary(r -> r.streamName(stream)).join().streamDescriptionSummary().streamARN();
    }

    private static List<String> consumerNames(String stream) {
        return admin.listStreamConsumers(r -> r.streamARN(streamArn(stream))).join().consumers().stream()
                .filter(c -> !"DELETING".equals(c.consumerStatusAsString()))
                .map(Consumer::consumerName).sorted().toList();
    }

    private static String registerWithStamp(String streamArn, String name, Instant lastSeen) {
        String arn = admin.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(name)).join().consumer()
                .consumerARN();
        awaitConsumerActive(arn);
        admin.tagResource(r -> r.resourceARN(arn)
                .tags(Map.of(StreamConsumers.LAST_SEEN_TAG, String.valueOf(lastSeen.getEpochSecond())))).join();
        return arn;
    }

    private static void awaitConsumerActive(String consumerArn) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> "ACTIVE".equals(
                admin.describeStreamConsumer(r -> r.consumerARN(consumerArn)).join().consumerDescription()
                        .consumerStatusAsString()));
    }

    /** A registration item at a version, as the streaming destination would write its change. */
    private static KinesisChange registered(String registrationId, long version) {
        RegistrationItem item = new RegistrationItem(registrationId, "evt-1", "Ada " + registrationId,
                registrationId + "@example.org", RegistrationStatus.CONFIRMED, Instant.parse("2026-11-20T10:00:00Z"),
                Map.of(), null, null, false, version, 1, null);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> old = version == 1 ? Map.of()
                : new RegistrationItem(registrationId, "evt-1", "Ada " + registrationId, registrationId + "@example.org",
                        RegistrationStatus.CONFIRMED, Instant.parse("2026-11-20T10:00:00Z"), Map.of(), null, null, false,
                        version - 1, 1, null).toItem();
        return new KinesisChange(UUID.randomUUID().toString(), version == 1 ? "INSERT" : "MODIFY",
                "event-management-registrations", ItemKeys.registration(registrationId, "evt-1"),
                new ItemChange(old, item.toItem(), Instant.now()));
    }

    /** Puts a change with its item's key as partition key, as the destination does. */
    private static byte[] put(String stream, KinesisChange change) {
        byte[] data = KinesisChangeCodec.encode(REGION, change);
        putRaw(stream, change.keys().get(TableSchema.REGISTRATION_ID).s(), data);
        return data;
    }

    private static void putRaw(String stream, String partitionKey, byte[] data) {
        admin.putRecord(r -> r.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(data))).join();
    }

    private static List<Long> versions(long from, long to) {
        List<Long> versions = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            versions.add(v);
        }
        return versions;
    }

    /** Long enough for a repeat that slipped through to show up. */
    private static void settle() {
        sleep(1500);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
