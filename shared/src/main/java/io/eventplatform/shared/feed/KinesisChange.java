package io.eventplatform.shared.feed;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One DynamoDB item change as the table's Kinesis streaming destination writes it.
 *
 * @param eventId the change's id ({@code eventID})
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param tableName the table that changed
 * @param keys the item's key attributes
 * @param change the images and the change's time, as every feed engine delivers them
 */
public record KinesisChange(String eventId, String eventName, String tableName, Map<String, AttributeValue> keys,
        ItemChange change) {

    public KinesisChange {
        keys = keys == null ? Map.of() : keys;
    }
}
