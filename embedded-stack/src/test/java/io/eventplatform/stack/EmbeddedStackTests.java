package io.eventplatform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The embedded stack builds the table and bucket exactly as ARCHITECTURE.md fixes them. */
class EmbeddedStackTests {

    private static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(EmbeddedStack.Options.forTests());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private TableDescription table() {
        return stack.dynamoDb().describeTable(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME)).table();
    }

    @Test
    void tableHasExactlyTheDocumentedKeys() {
        assertEquals(List.of("registration_id:HASH", "event_id:RANGE"), keys(table().keySchema()));
        Map<String, String> attributes = table().attributeDefinitions().stream()
                .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString()));
        assertEquals(Map.of("registration_id", "S", "event_id", "S", "attendee_email", "S",
                "check_in_status", "S", "registration_date", "S", "notification_queue", "S", "notification_due", "S"),
                attributes);
    }

    @Test
    void tableHasExactlyTheFourDocumentedIndexesProjectingAll() {
        Map<String, List<String>> indexes = table().globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName, i -> keys(i.keySchema())));
        assertEquals(Map.of(
                "EmailIndex", List.of("attendee_email:HASH", "event_id:RANGE"),
                "CheckInStatusIndex", List.of("event_id:HASH", "check_in_status:RANGE"),
                "RegistrationDateIndex", List.of("event_id:HASH", "registration_date:RANGE"),
                "NotificationDueIndex", List.of("notification_queue:HASH", "notification_due:RANGE")), indexes);
        table().globalSecondaryIndexes().forEach(
                index -> assertEquals(ProjectionType.ALL, index.projection().projectionType(), index.indexName()));
    }

    @Test
    void tableHasTtlOnTheTtlAttribute() {
        var ttl = stack.dynamoDb().describeTimeToLive(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME))
                .timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("ttl", ttl.attributeName());
    }

    @Test
    void streamCarriesNewAndOldImagesOfAWrite() {
        assertTrue(table().streamSpecification().streamEnabled());
        assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, table().streamSpecification().streamViewType());
        try (var streams = AwsClients.dynamoDbStreams(stack.dynamoDbEndpoint())) {
            String streamArn = table().latestStreamArn();
            var shards = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
            String shardId = shards.get(shards.size() - 1).shardId();
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            var key = ItemKeys.key("stream-probe", "e1");
            stack.dynamoDb().putItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).item(Map.of(
                    "registration_id", key.get("registration_id"), "event_id", key.get("event_id"),
                    "note", AttributeValue.fromS("first"))));
            stack.dynamoDb().putItem(r -> r.tableName(TableSchema.DEFAULT_TABLE_NAME).item(Map.of(
                    "registration_id", key.get("registration_id"), "event_id", key.get("event_id"),
                    "note", AttributeValue.fromS("second"))));
            var records = streams.getRecords(r -> r.shardIterator(iterator)).records();
            assertEquals(2, records.size());
            var modify = records.get(1).dynamodb();
            assertEquals("first", modify.oldImage().get("note").s());
            assertEquals("second", modify.newImage().get("note").s());
        }
    }

    @Test
    void bucketKeepsEveryVersion() {
        String bucket = stack.options().bucket();
        assertEquals(BucketVersioningStatus.ENABLED, stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status());
        stack.s3().putObject(r -> r.bucket(bucket).key("probe/agenda.txt"), RequestBody.fromString("v1"));
        stack.s3().putObject(r -> r.bucket(bucket).key("probe/agenda.txt"), RequestBody.fromString("v2"));
        var versions = stack.s3().listObjectVersions(r -> r.bucket(bucket).prefix("probe/agenda.txt")).versions();
        assertEquals(2, versions.size());
        assertEquals(2, versions.stream().map(v -> v.versionId()).distinct().count());
    }

    @Test
    void aTakenPortIsNamedInAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var options = EmbeddedStack.Options.forTests();
            var clash = new EmbeddedStack.Options(options.dataDir(), false, taken.getLocalPort(), options.s3Port(),
                    options.tableName(), options.bucket());
            StackException failure = assertThrows(StackException.class, () -> EmbeddedStack.start(clash));
            assertTrue(failure.getMessage().contains("Port " + taken.getLocalPort() + " (DynamoDB Local) is already in use"),
                    failure.getMessage());
            assertFalse(Ports.isListening(options.s3Port()), "the S3 server it did start was stopped again");
        }
    }

    @Test
    void aPersistentStackKeepsItsDataAndKeysAcrossRestarts() throws Exception {
        Path dataDir = Files.createTempDirectory("stack-restart-");
        var options = new EmbeddedStack.Options(dataDir, true, Ports.free(), Ports.free(),
                TableSchema.DEFAULT_TABLE_NAME, EmbeddedStack.DEFAULT_BUCKET);
        String publicKey;
        try (EmbeddedStack first = EmbeddedStack.start(options)) {
            first.dynamoDb().putItem(r -> r.tableName(options.tableName()).item(ItemKeys.key("kept", "e1")));
            first.s3().putObject(r -> r.bucket(options.bucket()).key("kept.txt"), RequestBody.fromString("kept"));
            publicKey = Files.readString(first.keys().publicKeyFile());
        }
        assertFalse(Ports.isListening(options.dynamoDbPort()), "stopped stack leaves no port bound");
        try (EmbeddedStack second = EmbeddedStack.start(options)) {
            assertTrue(second.dynamoDb().getItem(r -> r.tableName(options.tableName())
                    .key(ItemKeys.key("kept", "e1")).consistentRead(true)).hasItem());
            assertEquals("kept", second.s3().getObjectAsBytes(r -> r.bucket(options.bucket()).key("kept.txt"))
                    .asUtf8String());
            assertEquals(publicKey, Files.readString(second.keys().publicKeyFile()));
        } finally {
            EmbeddedStack.wipe(dataDir);
        }
    }

    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
    }
}
