package io.eventplatform.registration.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.persistence.TransactionFailure;
import io.eventplatform.registration.persistence.TransactionRunner;
import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.NotificationItem;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.NotificationItem.NotificationState;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Notification items after the outbox wrote them: claimed by one sender at a time with a
 * conditional write, settled (sent, retry later, failed) only by the sender holding the claim,
 * found again by the sweep on the sparse due index, and counted per event when they fail.
 */
@ApplicationScoped
public class NotificationRepository {

    /** Counter item of an event's failed notifications: {@code (COUNTS#notification-failures, eventId)}. */
    static final String FAILURES_KIND = "notification-failures";
    static final String FAILED_COUNT = "failed";

    private final DynamoDbClient dynamoDb;
    private final TransactionRunner transactions;
    private final String table;

    public NotificationRepository(DynamoDbClient dynamoDb, TransactionRunner transactions, TableConfig tableConfig) {
        this.dynamoDb = dynamoDb;
        this.transactions = transactions;
        this.table = tableConfig.name();
    }

    /**
     * Takes a notification for one attempt, if it is pending and nobody holds it. From the feed it
     * must be a first attempt (a repeated stream record finds it taken or tried); from the sweep it
     * must be due. Answers it as claimed, with its attempt counted.
     */
    public Optional<NotificationItem> claim(NotificationItem notification, boolean firstAttempt, Instant now,
            Instant until, String sender) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pending", Attributes.s(NotificationState.PENDING.value()),
                ":now", Attributes.instant(now), ":until", Attributes.instant(until), ":me", Attributes.s(sender),
                ":one", Attributes.n(1)));
        Map<String, String> names = new HashMap<>(Map.of("#state", NotificationItem.STATE,
                "#claimedUntil", NotificationItem.CLAIMED_UNTIL, "#claimedBy", NotificationItem.CLAIMED_BY,
                "#attempts", NotificationItem.ATTEMPTS));
        String condition = "#state = :pending AND (attribute_not_exists(#claimedUntil) OR #claimedUntil < :now)";
        if (firstAttempt) {
            condition += " AND #attempts = :zero";
            values.put(":zero", Attributes.n(0));
        } else {
            condition += " AND #due <= :now";
            names.put("#due", TableSchema.NOTIFICATION_DUE);
        }
        String finalCondition = condition;
        try {
            return Optional.of(NotificationItem.from(dynamoDb.updateItem(u -> u.tableName(table)
                    .key(notification.itemKey())
                    .updateExpression("SET #claimedUntil = :until, #claimedBy = :me, #attempts = #attempts + :one")
                    .conditionExpression(finalCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** The mail server took it: off the due index for good. False if this sender no longer held it. */
    public boolean markSent(NotificationItem claimed, Instant now, String answer) {
        return settle(claimed, "SET #state = :sent, #sentAt = :now, #lastError = :answer REMOVE #claimedUntil, #queue, #due",
                Map.of("#sentAt", NotificationItem.SENT_AT, "#lastError", NotificationItem.LAST_ERROR),
                Map.of(":sent", Attributes.s(NotificationState.SENT.value()), ":now", Attributes.instant(now),
                        ":answer", Attributes.s(answer)));
    }

    /** Not this time: due again at {@code dueAt}, free for any sender then. */
    public boolean scheduleRetry(NotificationItem claimed, Instant dueAt, String error) {
        return settle(claimed, "SET #due = :due, #lastError = :error REMOVE #claimedUntil",
                Map.of("#lastError", NotificationItem.LAST_ERROR),
                Map.of(":due", Attributes.instant(dueAt), ":error", Attributes.s(error)));
    }

    /** Refused for good or out of attempts: failed, off the due index, and counted for its event. */
    public boolean markFailed(NotificationItem claimed, String error) {
        Map<String, String> names = new HashMap<>(settleNames());
        names.put("#lastError", NotificationItem.LAST_ERROR);
        Map<String, AttributeValue> values = new HashMap<>(settleValues(claimed));
        values.put(":failed", Attributes.s(NotificationState.FAILED.value()));
        values.put(":error", Attributes.s(error));
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(claimed.itemKey())
                        .updateExpression("SET #state = :failed, #lastError = :error REMOVE #claimedUntil, #queue, #due")
                        .conditionExpression(SETTLE_CONDITION)
                        .expressionAttributeNames(names).expressionAttributeValues(values)).build(),
                failureCount(claimed.eventId(), 1));
        try {
            transactions.write(items);
            return true;
        } catch (TransactionFailure e) {
            return false;
        }
    }

    /** Up to {@code limit} pending notifications of one queue that are due by {@code now}, oldest due first. */
    public List<NotificationItem> due(String queue, Instant now, int limit) {
        return dynamoDb.query(q -> q.tableName(table).indexName(TableSchema.NOTIFICATION_DUE_INDEX)
                .keyConditionExpression("#queue = :queue AND #due <= :now")
                .expressionAttributeNames(Map.of("#queue", TableSchema.NOTIFICATION_QUEUE,
                        "#due", TableSchema.NOTIFICATION_DUE))
                .expressionAttributeValues(Map.of(":queue", Attributes.s(queue), ":now", Attributes.instant(now)))
                .limit(limit))
                .items().stream().map(NotificationItem::from).toList();
    }

    public Optional<NotificationItem> find(String registrationId, String key, String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(ItemKeys.notification(registrationId, key, eventId)).consistentRead(true)).item();
        return item == null || !NotificationItem.isNotification(item) ? Optional.empty()
                : Optional.of(NotificationItem.from(item));
    }

    /**
     * Every notification of a registration, oldest first. Their keys follow from the registration
     * (one confirmation or waitlist place, one promotion, one cancellation, one re-issue per
     * ticket version), so one batch read finds them without an index.
     */
    public List<NotificationItem> forRegistration(RegistrationItem registration) {
        List<String> keys = new ArrayList<>(List.of(NotificationKind.CONFIRMATION.key(1),
                NotificationKind.WAITLISTED.key(1), NotificationKind.PROMOTED.key(1), NotificationKind.CANCELLED.key(1)));
        for (long version = RegistrationItem.FIRST_TICKET_VERSION + 1; version <= registration.ticketVersion(); version++) {
            keys.add(NotificationKind.REISSUED.key(version));
        }
        List<NotificationItem> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + 100)).stream()
                    .map(key -> ItemKeys.notification(registration.registrationId(), key, registration.eventId()))
                    .toList();
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                var response = dynamoDb.batchGetItem(r -> r.requestItems(asked));
                response.responses().getOrDefault(table, List.of()).stream()
                        .filter(NotificationItem::isNotification).map(NotificationItem::from).forEach(found::add);
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        found.sort(Comparator.comparing(NotificationItem::createdAt));
        return found;
    }

    /**
     * Puts a sent or failed notification back on the due index for one more round of attempts;
     * a failed one leaves its event's failure count. Answers it as it now is, or empty when it is
     * still pending (already on its way) or gone.
     */
    public Optional<NotificationItem> resend(NotificationItem notification, Instant dueAt) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pending", Attributes.s(NotificationState.PENDING.value()),
                ":was", Attributes.s(notification.state().value()), ":zero", Attributes.n(0), ":one", Attributes.n(1),
                ":queue", Attributes.s(notification.queue()), ":due", Attributes.instant(dueAt)));
        Map<String, String> names = Map.of("#state", NotificationItem.STATE, "#attempts", NotificationItem.ATTEMPTS,
                "#resends", NotificationItem.RESENDS, "#queue", TableSchema.NOTIFICATION_QUEUE,
                "#due", TableSchema.NOTIFICATION_DUE);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(notification.itemKey())
                .updateExpression("SET #state = :pending, #attempts = :zero, #resends = #resends + :one, "
                        + "#queue = :queue, #due = :due")
                .conditionExpression("#state = :was")
                .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        if (notification.state() == NotificationState.FAILED) {
            items.add(failureCount(notification.eventId(), -1));
        }
        if (notification.state() == NotificationState.PENDING) {
            return Optional.empty();
        }
        try {
            transactions.write(items);
        } catch (TransactionFailure e) {
            return Optional.empty();
        }
        return find(notification.registrationId(), notification.key(), notification.eventId());
    }

    /** How many of an event's notifications are failed now (a resend takes one off). */
    public long failures(String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(ItemKeys.counts(FAILURES_KIND, eventId)).consistentRead(true)).item();
        return item == null ? 0 : Attributes.of(item).number(FAILED_COUNT, 0);
    }

    private TransactWriteItem failureCount(String eventId, long delta) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(ItemKeys.counts(FAILURES_KIND, eventId))
                .updateExpression("SET #type = :counter ADD #failed :delta")
                .expressionAttributeNames(Map.of("#type", TableSchema.ITEM_TYPE, "#failed", FAILED_COUNT))
                .expressionAttributeValues(Map.of(":counter", Attributes.s(ItemType.COUNTER.value()),
                        ":delta", Attributes.n(delta)))).build();
    }

    private static final String SETTLE_CONDITION = "#state = :pending AND #claimedBy = :me AND #attempts = :attempts";

    /** Only the sender whose claim (this very attempt) it is may settle it. */
    private boolean settle(NotificationItem claimed, String update, Map<String, String> extraNames,
            Map<String, AttributeValue> extraValues) {
        Map<String, String> names = new HashMap<>(settleNames());
        names.putAll(extraNames);
        names.keySet().removeIf(name -> !update.contains(name) && !SETTLE_CONDITION.contains(name));
        Map<String, AttributeValue> values = new HashMap<>(settleValues(claimed));
        values.putAll(extraValues);
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(claimed.itemKey()).updateExpression(update)
                    .conditionExpression(SETTLE_CONDITION)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, String> settleNames() {
        return Map.of("#state", NotificationItem.STATE, "#claimedBy", NotificationItem.CLAIMED_BY,
                "#attempts", NotificationItem.ATTEMPTS, "#claimedUntil", NotificationItem.CLAIMED_UNTIL,
                "#queue", TableSchema.NOTIFICATION_QUEUE, "#due", TableSchema.NOTIFICATION_DUE);
    }

    private static Map<String, AttributeValue> settleValues(NotificationItem claimed) {
        return Map.of(":pending", Attributes.s(NotificationState.PENDING.value()),
                ":me", Attributes.s(claimed.claimedBy()), ":attempts", Attributes.n(claimed.attempts()));
    }
}
