package io.eventplatform.registration.event;

import java.util.ArrayList;
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
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Event items {@code (EVENT, eventId)} with their registration counters. */
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
        // Event ids are fresh UUIDs: the condition only guards against overwriting.
        return write(items, record, WriteOutcome.WRONG_STATE);
    }

    /** Consistent read: the counters decide what a registration or edit may do next. */
    public Optional<StoredEvent> find(String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(ItemKeys.event(eventId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(stored(item));
    }

    /** Every event (one partition), in key order. */
    public List<StoredEvent> all() {
        return dynamoDb.queryPaginator(q -> q.tableName(table)
                .keyConditionExpression(TableSchema.REGISTRATION_ID + " = :p")
                .expressionAttributeValues(Map.of(":p", Attributes.s(ItemKeys.EVENT_PARTITION))))
                .items().stream().map(EventRepository::stored).toList();
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
            if (record != null && failure.failedAt(1)) {
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
