package io.eventplatform.shared.feed;

import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of one table item as the change feed delivers it, whatever the feed's engine: the
 * item before and after (either empty, never null) and when the table made the change.
 */
public record ItemChange(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage, Instant changedAt) {

    public ItemChange {
        oldImage = oldImage == null ? Map.of() : oldImage;
        newImage = newImage == null ? Map.of() : newImage;
    }

    /** The item as it is after the change, or as it was before a delete. */
    public Map<String, AttributeValue> latestImage() {
        return newImage.isEmpty() ? oldImage : newImage;
    }
}
