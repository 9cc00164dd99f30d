package io.eventplatform.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.eventplatform.shared.feed.DynamoDbStreamSource;
import io.eventplatform.shared.feed.ItemChange;
import io.eventplatform.shared.feed.KinesisChange;
import io.eventplatform.shared.feed.KinesisChangeCodec;
import io.eventplatform.shared.feed.StreamReading;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.AwsClients;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.KinesisServer;
import io.eventplatform.stack.StackException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The table's Kinesis streaming destination, which DynamoDB Local lacks: a Kinesis-protocol server
 * ({@link KinesisServer}) with one data stream, and a reader of the table's DynamoDB stream that
 * puts every change into it in the destination's record format ({@link KinesisChangeCodec}), one
 * record at a time so that an item's changes keep their order, keyed by the item's key as AWS
 * keys them. It takes one of the two readers a stream shard serves; checkin-service instances then
 * read Kinesis, one enhanced fan-out consumer each, as they do in AWS with {@code change_feed = "kinesis"}.
 * Like AWS's destination it may repeat a record (after a reader restart); the consumers drop repeats.
 */
public final class KinesisDestination implements AutoCloseable {

    /** The stream's name, as Terraform names it ({@code <project>-changes}). */
    public static final String STREAM_NAME = TableSchema.DEFAULT_PROJECT_NAME + "-changes";
    /** Two shards: enough that changes of different items really do arrive through different shards. */
    static final int SHARDS = 2;

    private static final Logger LOG = Logger.getLogger(KinesisDestination.class);

    private final KinesisServer server;
    private final KinesisAsyncClient kinesis;
    private final DynamoDbStreamSource reader;
    private final String streamArn;
    private final String tableName;
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean closed;

    private KinesisDestination(KinesisServer server, KinesisAsyncClient kinesis, DynamoDbStreamSource reader,
            String streamArn, String tableName) {
        this.server = server;
        this.tableName = tableName;
        this.kinesis = kinesis;
        this.reader = reader;
        this.streamArn = streamArn;
    }

    /** Starts the server, creates the stream and starts forwarding the table's changes from now on. */
    public static KinesisDestination start(EmbeddedStack stack, Path logDir) {
        if (!KinesisServer.installed()) {
            throw new StackException("kinesis-local is not installed: npm ci --prefix kinesis-server");
        }
        KinesisServer server = KinesisServer.start(logDir, Duration.ofMillis(100));
        KinesisAsyncClient kinesis = null;
        DynamoDbStreamSource reader = null;
        try {
            kinesis = client(server.endpoint());
            String streamArn = createStream(kinesis);
            // The table's current stream, looked up again if the stream is ever replaced.
            reader = new DynamoDbStreamSource(AwsClients.dynamoDbStreams(stack.dynamoDbEndpoint()),
                    () -> stack.dynamoDb().describeTable(r -> r.tableName(stack.options().tableName()))
                            .table().latestStreamArn(), new Pacing());
            KinesisDestination destination = new KinesisDestination(server, kinesis, reader, streamArn,
                    stack.options().tableName());
            reader.start(destination::forward);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reader.positioned()) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("the Kinesis destination could not position on the table's stream");
                }
                sleep(50);
            }
            return destination;
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            if (kinesis != null) {
                kinesis.close();
            }
            server.close();
            throw e;
        }
    }

    private static String createStream(KinesisAsyncClient kinesis) {
        kinesis.createStream(r -> r.streamName(STREAM_NAME).shardCount(SHARDS)).join();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var description = kinesis.describeStreamSummary(r -> r.streamName(STREAM_NAME)).join()
                    .streamDescriptionSummary();
            if (description.streamStatus() == StreamStatus.ACTIVE) {
                return description.streamARN();
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("Kinesis stream " + STREAM_NAME + " did not become ACTIVE");
            }
            sleep(50);
        }
    }

    private void forward(List<ItemChange> changes) {
        for (ItemChange change : changes) {
            Map<String, AttributeValue> image = change.latestImage();
            Map<String, AttributeValue> keys = new LinkedHashMap<>();
            keys.put(TableSchema.REGISTRATION_ID, image.get(TableSchema.REGISTRATION_ID));
            keys.put(TableSchema.EVENT_ID, image.get(TableSchema.EVENT_ID));
            String eventName = change.oldImage().isEmpty() ? "INSERT" : change.newImage().isEmpty() ? "REMOVE" : "MODIFY";
            byte[] data = KinesisChangeCodec.encode(AwsClients.REGION,
                    new KinesisChange(null, eventName, tableName, keys, change));
            String partitionKey = keys.get(TableSchema.REGISTRATION_ID).s() + "#" + keys.get(TableSchema.EVENT_ID).s();
            put(partitionKey, data);
            forwarded.incrementAndGet();
        }
    }

    /** Puts one record, trying again until it is in or the destination closes: it never drops a change. */
    private void put(String partitionKey, byte[] data) {
        for (int attempt = 1; !closed; attempt++) {
            try {
                kinesis.putRecord(r -> r.streamARN(streamArn).partitionKey(partitionKey)
                        .data(SdkBytes.fromByteArray(data))).join();
                return;
            } catch (CompletionException e) {
                if (attempt == 1 || attempt % 50 == 0) {
                    LOG.warnf("put into %s failed (%s), trying again", STREAM_NAME, e.getCause());
                }
                sleep(Math.min(100L * attempt, 1000));
            }
        }
    }

    /** The Kinesis stream's ARN, which checkin-service reads ({@code checkin.stream.kinesis.stream-arn}). */
    public String streamArn() {
        return streamArn;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Changes put into the stream so far. */
    public long forwarded() {
        return forwarded.get();
    }

    /** What checkin-service reads to consume this stream instead of the table's DynamoDB stream. */
    public Map<String, String> checkinConfig() {
        return Map.of("checkin.stream.source", "kinesis",
                "checkin.stream.kinesis.stream-arn", streamArn,
                "checkin.stream.kinesis.endpoint-override", server.endpoint().toString());
    }

    @Override
    public void close() {
        closed = true;
        reader.close();
        kinesis.close();
        server.close();
    }

    /** A Kinesis client of the local server, with the local credentials (HTTP/2, as SubscribeToShard needs). */
    static KinesisAsyncClient client(URI endpoint) {
        return KinesisAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                .region(Region.of(AwsClients.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsClients.ACCESS_KEY, AwsClients.SECRET_KEY)))
                .endpointOverride(endpoint)
                .build();
    }

    /** Reads DynamoDB Local's stream as checkin-service does locally ({@link EmbeddedStack#checkinConfig()}). */
    private record Pacing() implements StreamReading {
        public Duration pollInterval() { return Duration.ofMillis(10); }
        public Duration idlePollInterval() { return Duration.ofMillis(50); }
        public Duration idleAfter() { return Duration.ofSeconds(30); }
        public Duration shardDiscoveryInterval() { return Duration.ofSeconds(10); }
        public Duration initialBackoff() { return Duration.ofMillis(200); }
        public Duration maxBackoff() { return Duration.ofSeconds(10); }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
