package io.eventplatform.shared.feed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drops a change that was already delivered, where sequence numbers cannot tell: the table's
 * Kinesis destination may write one change twice, under two sequence numbers, and after a
 * reshard in another shard. A change is the same when its item key, kind, creation time and
 * images are: a write that changes nothing makes no record, so two real changes of one item never
 * agree on all of them. The newest {@code capacity} changes are remembered.
 */
public final class DuplicateChanges {

    private final Map<Identity, Boolean> seen;

    public DuplicateChanges(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time this change is offered, false for every repeat. */
    public boolean firstDelivery(KinesisChange record) {
        ItemChange change = record.change();
        Map<String, AttributeValue> keys = record.keys().isEmpty() ? change.latestImage() : record.keys();
        Identity identity = new Identity(new TreeMap<>(keys).toString(), record.eventName(), change.changedAt(),
                Objects.hash(change.oldImage(), change.newImage()));
        return seen.putIfAbsent(identity, Boolean.TRUE) == null;
    }

    private record Identity(String key, String eventName, Instant changedAt, int images) {
    }
}
