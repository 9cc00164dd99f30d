package io.eventplatform.shared.item;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an event item where it is now, {@code (EVENT#<eventId>, eventId)}, and falls back to the
 * key every event once shared ({@link ItemKeys.Legacy#event}) for events registration-service has
 * not moved yet; it moves them on its first read (docs/data-model.md "Older keys").
 */
public final class EventLookup {

    private EventLookup() {
    }

    /** The event item, or an empty map when there is none under either key. */
    public static Map<String, AttributeValue> find(DynamoDbClient dynamoDb, String table, String eventId,
            boolean consistent) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(consistent)
                .key(ItemKeys.event(eventId))).item();
        if (item != null && !item.isEmpty()) {
            return item;
        }
        Map<String, AttributeValue> legacy = dynamoDb.getItem(r -> r.tableName(table).consistentRead(consistent)
                .key(ItemKeys.Legacy.event(eventId))).item();
        return legacy == null ? Map.of() : legacy;
    }
}
