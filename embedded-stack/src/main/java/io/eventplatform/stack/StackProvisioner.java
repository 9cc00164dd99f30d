package io.eventplatform.stack;

import java.time.Duration;
import java.time.Instant;

import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Creates the table and the bucket exactly as ARCHITECTURE.md fixes them, when they are absent. */
public final class StackProvisioner {

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;

    public StackProvisioner(DynamoDbClient dynamoDb, S3Client s3) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
    }

    /**
     * Table with its keys, GSIs and NEW_AND_OLD_IMAGES stream, then TTL on {@code ttl}. A table kept
     * from an older checkout gets the indexes added since (local data survives an upgrade).
     */
    public void ensureTable(String tableName) {
        if (!tableExists(tableName)) {
            dynamoDb.createTable(TableSchema.createTableRequest(tableName));
        }
        awaitActive(tableName);
        addMissingIndexes(tableName);
        TimeToLiveStatus ttl = dynamoDb.describeTimeToLive(r -> r.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        if (ttl != TimeToLiveStatus.ENABLED && ttl != TimeToLiveStatus.ENABLING) {
            dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                    .timeToLiveSpecification(s -> s.attributeName(TableSchema.TTL).enabled(true)));
        }
    }

    /** Bucket with versioning on: materials keep their history. */
    public void ensureVersionedBucket(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(r -> r.bucket(bucket));
        }
        if (s3.getBucketVersioning(r -> r.bucket(bucket)).status() != BucketVersioningStatus.ENABLED) {
            s3.putBucketVersioning(r -> r.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
    }

    private void addMissingIndexes(String tableName) {
        var existing = dynamoDb.describeTable(r -> r.tableName(tableName)).table().globalSecondaryIndexes().stream()
                .map(index -> index.indexName()).toList();
        CreateTableRequest wanted = TableSchema.createTableRequest(tableName);
        for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
            if (existing.contains(index.indexName())) {
                continue;
            }
            dynamoDb.updateTable(r -> r.tableName(tableName).attributeDefinitions(wanted.attributeDefinitions())
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                            .keySchema(index.keySchema()).projection(index.projection()))));
            awaitActive(tableName);
        }
    }

    private boolean tableExists(String tableName) {
        try {
            dynamoDb.describeTable(r -> r.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private void awaitActive(String tableName) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (dynamoDb.describeTable(r -> r.tableName(tableName)).table().tableStatus() != TableStatus.ACTIVE) {
            if (Instant.now().isAfter(deadline)) {
                throw new StackException("table " + tableName + " did not become ACTIVE");
            }
            Ports.sleep(100);
        }
    }
}
