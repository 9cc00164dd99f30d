package io.eventplatform.registration.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.idempotency.IdempotencyRecord;
import io.eventplatform.registration.idempotency.IdempotencyRepository;
import io.eventplatform.registration.persistence.TransactionFailure;
import io.eventplatform.registration.persistence.TransactionRunner;
import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventItem.EventState;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import io.quarkus.logging.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Event items {@code (EVENT#<eventId>, eventId)} with their registration counters, and the event
 * listing {@code (EVENTS#<n>, eventId)} that lists them without a partition shared by every event.
 * Events still under the key all events once shared, {@code (EVENT, eventId)}, are moved on first
 * read (docs/data-model.md "Older keys").
 */
@ApplicationScoped
public class EventRepository {

    /** Counter attributes on the event item (see docs/data-model.md). */
    public static final String CONFIRMED_COUNT = "confirmed_count";
    public static final String WAITLISTED_COUNT = "waitlisted_count";
    public static final String CANCELLED_COUNT = "cancelled_count";

    /** What an organizer edits; state changes only through publish and close. */
    private static final List<String> EDITABLE = List.of(EventItem.NAME, EventItem.DESCRIPTION, EventItem.VENUE,
            EventItem.STARTS_AT, EventItem.ENDS_AT, EventItem.TIME_ZONE, EventItem.CAPACITY,
            EventItem.WAITLIST_ENABLED, EventItem.REGISTRATION_OPENS_AT, EventItem.REGISTRATION_CLOSES_AT,
            EventItem.QUESTIONS, EventItem.GATES);

    /** Outcome of a conditional event write. */
    public enum WriteOutcome {
        WRITTEN, NOT_FOUND, WRONG_STATE, CAPACITY_BELOW_CONFIRMED, IDEMPOTENCY_KEY_TAKEN
    }

    private final DynamoDbClient dynamoDb;
    private final TransactionRunner transactions;
    private final IdempotencyRepository idempotency;
    private final String table;

    public EventRepository(DynamoDbClient dynamoDb, TransactionRunner transactions,
            IdempotencyRepository idempotency, TableConfig tableConfig) {
        this.dynamoDb = dynamoDb;
        this.transactions = transactions;
        this.idempotency = idempotency;
        this.table = tableConfig.name();
    }

    public WriteOutcome create(EventItem event, IdempotencyRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(event.toItem());
        item.put(CONFIRMED_COUNT, Attributes.n(0));
        item.put(WAITLISTED_COUNT, Attributes.n(0));
        item.put(CANCELLED_COUNT, Attributes.n(0));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(registration_id)")).build());
        items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(listing(event.eventId()))).build());
        // Event ids are fresh UUIDs: the condition only guards against overwriting.
        return write(items, record, WriteOutcome.WRONG_STATE);
    }

    /** Consistent read: the counters decide what a registration or edit may do next. */
    public Optional<StoredEvent> find(String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(ItemKeys.event(eventId))
                .consistentRead(true)).item();
        if (item != null && !item.isEmpty()) {
            return Optional.of(stored(item));
        }
        Map<String, AttributeValue> legacy = dynamoDb.getItem(r -> r.tableName(table)
                .key(ItemKeys.Legacy.event(eventId)).consistentRead(true)).item();
        return legacy == null || legacy.isEmpty() ? Optional.empty() : Optional.of(stored(moved(legacy)));
    }

    /** Every event, by id: the listing partitions, plus events not moved from the older key yet (moved now). */
    public List<StoredEvent> all() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String partition : ItemKeys.eventListingPartitions()) {
            dynamoDb.queryPaginator(q -> q.tableName(table)
                    .keyConditionExpression(TableSchema.REGISTRATION_ID + " = :p")
                    .expressionAttributeValues(Map.of(":p", Attributes.s(partition))))
                    .items().forEach(listed -> keys.add(ItemKeys.event(listed.get(TableSchema.EVENT_ID).s())));
        }
        List<StoredEvent> events = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + 100));
            dynamoDb.batchGetItemPaginator(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                    .keys(batch).build())))
                    .forEach(page -> page.responses().getOrDefault(table, List.of())
                            .forEach(item -> events.add(stored(item))));
        }
        dynamoDb.queryPaginator(q -> q.tableName(table)
                .keyConditionExpression(TableSchema.REGISTRATION_ID + " = :p")
                .expressionAttributeValues(Map.of(":p", Attributes.s(ItemKeys.Legacy.EVENT_PARTITION))))
                .items().forEach(legacy -> events.add(stored(moved(legacy))));
        events.sort(Comparator.comparing(event -> event.event().eventId()));
        return events;
    }

    /**
     * Moves an event item from the older shared key to its own, with its listing entry, in one
     * transaction conditioned on the old item being unchanged; a concurrent mover wins and the
     * item is read where it went.
     */
    private Map<String, AttributeValue> moved(Map<String, AttributeValue> legacy) {
        String eventId = legacy.get(TableSchema.EVENT_ID).s();
        Map<String, AttributeValue> item = new HashMap<>(legacy);
        item.put(TableSchema.REGISTRATION_ID, Attributes.s(ItemKeys.eventHash(eventId)));
        AttributeValue version = legacy.getOrDefault(EventItem.VERSION, Attributes.n(0));
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(registration_id)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(listing(eventId))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(ItemKeys.Legacy.event(eventId))
                            .conditionExpression("#version = :version")
                            .expressionAttributeNames(Map.of("#version", EventItem.VERSION))
                            .expressionAttributeValues(Map.of(":version", version))).build()));
            Log.infof("moved event %s to its own partition", eventId);
            return item;
        } catch (TransactionCanceledException e) {
            Map<String, AttributeValue> now = dynamoDb.getItem(r -> r.tableName(table).key(ItemKeys.event(eventId))
                    .consistentRead(true)).item();
            if (now == null || now.isEmpty()) {
                throw e;
            }
            return now;
        }
    }

    private static Map<String, AttributeValue> listing(String eventId) {
        Map<String, AttributeValue> entry = new HashMap<>(ItemKeys.eventListing(eventId));
        entry.put(TableSchema.ITEM_TYPE, Attributes.s(ItemType.EVENT_LISTING.value()));
        return entry;
    }

    /** Overwrites the editable fields; refused if capacity would drop below the confirmed seats. */
    public WriteOutcome update(EventItem edited, IdempotencyRecord record) {
        Map<String, AttributeValue> values = edited.toItem();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> params = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (int i = 0; i < EDITABLE.size(); i++) {
            String attribute = EDITABLE.get(i);
            names.put("#a" + i, attribute);
            if (values.containsKey(attribute)) {
                sets.add("#a" + i + " = :v" + i);
                params.put(":v" + i, values.get(attribute));
            } else {
                removes.add("#a" + i);
            }
        }
        names.put("#version", EventItem.VERSION);
        names.put("#confirmed", CONFIRMED_COUNT);
        params.put(":one", Attributes.n(1));
        sets.add("#version = #version + :one");
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(ItemKeys.event(edited.eventId()))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(registration_id) AND #confirmed <= :v"
                        + EDITABLE.indexOf(EventItem.CAPACITY))
                .expressionAttributeNames(names).expressionAttributeValues(params)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        return write(items, record, WriteOutcome.CAPACITY_BELOW_CONFIRMED);
    }

    /** Moves the event to {@code to} if it is in one of {@code from}. */
    public WriteOutcome changeState(String eventId, Set<EventState> from, EventState to, IdempotencyRecord record) {
        Map<String, AttributeValue> params = new HashMap<>();
        List<String> allowed = new ArrayList<>();
        int i = 0;
        for (EventState state : from) {
            params.put(":from" + i, Attributes.s(state.value()));
            allowed.add(":from" + i++);
        }
        params.put(":to", Attributes.s(to.value()));
        params.put(":one", Attributes.n(1));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(ItemKeys.event(eventId))
                .updateExpression("SET #state = :to, #version = #version + :one")
                .conditionExpression("attribute_exists(registration_id) AND #state IN (" + String.join(", ", allowed) + ")")
                .expressionAttributeNames(Map.of("#state", EventItem.STATE, "#version", EventItem.VERSION))
                .expressionAttributeValues(params)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        return write(items, record, WriteOutcome.WRONG_STATE);
    }

    /** Runs the write; a failed condition on the event reads as not found (no old image) or {@code refused}. */
    private WriteOutcome write(List<TransactWriteItem> items, IdempotencyRecord record, WriteOutcome refused) {
        if (record != null) {
            items.add(idempotency.put(record));
        }
        try {
            transactions.write(items);
            return WriteOutcome.WRITTEN;
        } catch (TransactionFailure failure) {
            if (record != null && failure.failedAt(items.size() - 1)) {
                return WriteOutcome.IDEMPOTENCY_KEY_TAKEN;
            }
            return failure.itemAt(0).isEmpty() ? WriteOutcome.NOT_FOUND : refused;
        }
    }

    /** An event item image with its counters. */
    public static StoredEvent stored(Map<String, AttributeValue> item) {
        Attributes a = Attributes.of(item);
        return new StoredEvent(EventItem.from(item), new RegistrationCounts(a.number(CONFIRMED_COUNT, 0),
                a.number(WAITLISTED_COUNT, 0), a.number(CANCELLED_COUNT, 0)));
    }
}
