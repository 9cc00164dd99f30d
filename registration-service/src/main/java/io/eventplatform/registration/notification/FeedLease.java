package io.eventplatform.registration.notification;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A lease in the table, {@code (LEASE#<name>, GLOBAL)}: whoever holds it unexpired may do what
 * only one instance should (read the change feed for the notification sender). Taken and renewed
 * with one conditional write; it lapses by itself when its holder dies.
 */
@ApplicationScoped
public class FeedLease {

    static final String HOLDER = "holder";
    static final String EXPIRES_AT = "expires_at";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public FeedLease(DynamoDbClient dynamoDb, TableConfig tableConfig) {
        this.dynamoDb = dynamoDb;
        this.table = tableConfig.name();
    }

    /** Takes or renews the lease until {@code until}; false while someone else holds it unexpired. */
    public boolean acquire(String name, String holder, Instant now, Instant until) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = Attributes.writer()
                .value(TableSchema.REGISTRATION_ID, ItemKeys.lease(name).get(TableSchema.REGISTRATION_ID))
                .string(TableSchema.EVENT_ID, ItemKeys.GLOBAL)
                .string(TableSchema.ITEM_TYPE, ItemType.LEASE.value())
                .string(HOLDER, holder)
                .instant(EXPIRES_AT, until)
                .build();
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#key) OR #expires < :now OR #holder = :me")
                    .expressionAttributeNames(Map.of("#key", TableSchema.REGISTRATION_ID, "#expires", EXPIRES_AT,
                            "#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":now", Attributes.instant(now), ":me", Attributes.s(holder))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Gives the lease up at once (a clean shutdown), if this holder still has it. */
    public void release(String name, String holder) {
        try {
            dynamoDb.deleteItem(d -> d.tableName(table).key(ItemKeys.lease(name))
                    .conditionExpression("#holder = :me")
                    .expressionAttributeNames(Map.of("#holder", HOLDER))
                    .expressionAttributeValues(Map.of(":me", Attributes.s(holder))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else holds it already.
        }
    }
}
