package io.eventplatform.materials.deletion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.PendingDeletionItem;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Pending bucket deletions in the shared table, all in one partition (they are few and short-lived). */
@ApplicationScoped
public class PendingDeletionRepository {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public PendingDeletionRepository(DynamoDbClient dynamoDb, TableConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = config.name();
    }

    public void save(PendingDeletionItem deletion) {
        dynamoDb.putItem(r -> r.tableName(table).item(deletion.toItem()));
    }

    /** Deletions whose next attempt is due at {@code now}, at most {@code limit}. */
    public List<PendingDeletionItem> due(Instant now, int limit) {
        List<PendingDeletionItem> due = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("#hash = :partition")
                    .filterExpression("#next <= :now")
                    .expressionAttributeNames(Map.of("#hash", TableSchema.REGISTRATION_ID,
                            "#next", PendingDeletionItem.NEXT_ATTEMPT_AT))
                    .expressionAttributeValues(Map.of(":partition", Attributes.s(ItemKeys.PENDING_DELETIONS_PARTITION),
                            ":now", Attributes.instant(now)))
                    .exclusiveStartKey(from));
            page.items().stream().limit(limit - due.size()).forEach(item -> due.add(PendingDeletionItem.from(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && due.size() < limit);
        return due;
    }

    /**
     * Takes a deletion for one attempt until {@code until}, if it is as this instance read it;
     * another instance that claimed or finished it first wins.
     */
    public boolean claim(PendingDeletionItem seen, Instant until) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(seen.key())
                    .updateExpression("SET #next = :until")
                    .conditionExpression("#next = :seen AND #attempts = :attempts")
                    .expressionAttributeNames(Map.of("#next", PendingDeletionItem.NEXT_ATTEMPT_AT,
                            "#attempts", PendingDeletionItem.ATTEMPTS))
                    .expressionAttributeValues(Map.of(":until", Attributes.instant(until),
                            ":seen", Attributes.instant(seen.nextAttemptAt()),
                            ":attempts", Attributes.n(seen.attempts()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void remove(PendingDeletionItem deletion) {
        dynamoDb.deleteItem(r -> r.tableName(table).key(deletion.key()));
    }
}
