package io.eventplatform.registration.registration;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.event.StoredEvent;
import io.eventplatform.registration.idempotency.IdempotencyRecord;
import io.eventplatform.registration.idempotency.IdempotencyRepository;
import io.eventplatform.registration.notification.NotificationOutbox;
import io.eventplatform.registration.persistence.TransactionFailure;
import io.eventplatform.registration.persistence.TransactionRunner;
import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.NotificationItem.NotificationKind;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import io.quarkus.logging.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Registration items, their email guards and the event counters they move. Every decision that
 * must hold exactly (seats, one registration per email, one promotion per freed seat) is a
 * condition in a transaction on base-table items; the indexes only suggest candidates.
 */
@ApplicationScoped
public class RegistrationRepository {

    /** On a guard item: the registration that holds the email's place at the event. */
    static final String GUARDED_REGISTRATION = "guarded_registration_id";

    /** Which counter a new registration takes. */
    public enum Seat {
        CONFIRMED, WAITLISTED
    }

    /** Outcome of a registration attempt. */
    public enum RegisterOutcome {
        CREATED, EMAIL_TAKEN, EVENT_REFUSED, IDEMPOTENCY_KEY_TAKEN
    }

    /**
     * @param outcome what happened
     * @param event the event as it was when it refused the registration, if it did
     */
    public record RegisterResult(RegisterOutcome outcome, Optional<StoredEvent> event) {
    }

    /** Outcome of a cancellation attempt. */
    public enum CancelOutcome {
        CANCELLED, REGISTRATION_CHANGED, CANDIDATE_GONE, IDEMPOTENCY_KEY_TAKEN
    }

    /** Outcome of promoting one waitlisted registration. */
    public enum PromoteOutcome {
        PROMOTED, NO_SEAT, CANDIDATE_GONE
    }

    /** One page of registrations and the opaque cursor of the next, or null at the end. */
    public record Page(List<RegistrationItem> items, String nextCursor) {
    }

    /** Attempts when only guessed shard revisions were stale; each retry uses the revision the shard returned. */
    private static final int MAX_SHARD_ATTEMPTS = 20;

    /** Bounds the retries of one re-issue racing others for the same registration. */
    private static final int REISSUE_ATTEMPTS = 20;

    private static final Base64.Encoder CURSOR_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final DynamoDbClient dynamoDb;
    private final TransactionRunner transactions;
    private final IdempotencyRepository idempotency;
    private final NotificationOutbox outbox;
    private final String table;
    private final EventShards.Revisions revisions = new EventShards.Revisions();

    public RegistrationRepository(DynamoDbClient dynamoDb, TransactionRunner transactions,
            IdempotencyRepository idempotency, NotificationOutbox outbox, TableConfig tableConfig) {
        this.dynamoDb = dynamoDb;
        this.transactions = transactions;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.table = tableConfig.name();
    }

    /**
     * Writes the registration, its email guard and the counter of {@code seat} in one transaction.
     * The event refuses when it is not published, outside its window, or (for a confirmed seat)
     * full or with people already waiting; for a waitlist place, when it has no waitlist.
     */
    public RegisterResult register(RegistrationItem registration, Seat seat, long eventVersion, Instant now,
            IdempotencyRecord record) {
        Map<String, String> names = new HashMap<>(Map.of("#state", EventItem.STATE,
                "#opens", EventItem.REGISTRATION_OPENS_AT, "#closes", EventItem.REGISTRATION_CLOSES_AT,
                "#version", EventItem.VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":published", Attributes.s("published"),
                ":now", Attributes.instant(now), ":one", Attributes.n(1), ":version", Attributes.n(eventVersion)));
        // The version: answers were validated, and the ticket's expiry taken, from this edit of the event.
        String condition = "#state = :published AND #opens <= :now AND #closes > :now AND #version = :version";
        String update;
        if (seat == Seat.CONFIRMED) {
            names.put("#confirmed", EventRepository.CONFIRMED_COUNT);
            names.put("#waitlisted", EventRepository.WAITLISTED_COUNT);
            names.put("#capacity", EventItem.CAPACITY);
            values.put(":zero", Attributes.n(0));
            // Nobody jumps the queue: while anyone waits, newcomers wait too.
            condition += " AND #confirmed < #capacity AND #waitlisted = :zero";
            update = "SET #confirmed = #confirmed + :one";
        } else {
            names.put("#waitlisted", EventRepository.WAITLISTED_COUNT);
            names.put("#waitlist", EventItem.WAITLIST_ENABLED);
            values.put(":true", AttributeValue.fromBool(true));
            condition += " AND #waitlist = :true";
            update = "SET #waitlisted = #waitlisted + :one";
        }
        String finalCondition = condition;
        Map<String, AttributeValue> guard = Attributes.writer()
                .value(TableSchema.REGISTRATION_ID, ItemKeys.emailGuard(registration.attendeeEmail(),
                        registration.eventId()).get(TableSchema.REGISTRATION_ID))
                .string(TableSchema.EVENT_ID, registration.eventId())
                .string(TableSchema.ITEM_TYPE, ItemType.GUARD.value())
                .string(GUARDED_REGISTRATION, registration.registrationId())
                .number(TableSchema.TTL, registration.ttl())
                .build();
        for (int attempt = 1;; attempt++) {
            EventShards.Plan plan = revisions.plan(registration.eventId(), List.of(registration.registrationId()));
            Map<String, AttributeValue> stampedRegistration = new HashMap<>(registration.toItem());
            stampedRegistration.putAll(plan.stamps().get(0).attributes());
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(ItemKeys.event(registration.eventId()))
                    .updateExpression(update).conditionExpression(finalCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
            items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(stampedRegistration)
                    .conditionExpression("attribute_not_exists(registration_id)")).build());
            items.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(guard)
                    .conditionExpression("attribute_not_exists(registration_id)")).build());
            int recordIndex = items.size();
            if (record != null) {
                items.add(idempotency.put(record));
            }
            items.add(outbox.put(registration,
                    seat == Seat.CONFIRMED ? NotificationKind.CONFIRMATION : NotificationKind.WAITLISTED, 1));
            List<Integer> shardIndexes = addShardMoves(items, plan);
            try {
                transactions.write(items);
                revisions.committed(plan);
                return new RegisterResult(RegisterOutcome.CREATED, Optional.empty());
            } catch (TransactionFailure failure) {
                if (retryAfterShardMoved(failure, plan, shardIndexes, attempt)) {
                    continue;
                }
                if (record != null && failure.failedAt(recordIndex)) {
                    return new RegisterResult(RegisterOutcome.IDEMPOTENCY_KEY_TAKEN, Optional.empty());
                }
                if (failure.failedAt(2)) {
                    return new RegisterResult(RegisterOutcome.EMAIL_TAKEN, Optional.empty());
                }
                Map<String, AttributeValue> event = failure.itemAt(0);
                return new RegisterResult(RegisterOutcome.EVENT_REFUSED,
                        event.isEmpty() ? Optional.empty() : Optional.of(EventRepository.stored(event)));
            }
        }
    }

    public Optional<RegistrationItem> find(String registrationId, String eventId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                .key(ItemKeys.registration(registrationId, eventId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()
                || !ItemType.REGISTRATION.value().equals(Attributes.of(item).string(TableSchema.ITEM_TYPE))) {
            return Optional.empty();
        }
        return Optional.of(RegistrationItem.from(item));
    }

    /**
     * Cancels an active registration, frees its email and, when it held a seat and a candidate is
     * given, hands that seat to the candidate in the same transaction.
     */
    public CancelOutcome cancel(RegistrationItem registration, RegistrationItem candidate, IdempotencyRecord record) {
        boolean heldSeat = registration.status() == RegistrationStatus.CONFIRMED;
        boolean promotes = heldSeat && candidate != null;
        for (int attempt = 1;; attempt++) {
            EventShards.Plan plan = revisions.plan(registration.eventId(), promotes
                    ? List.of(registration.registrationId(), candidate.registrationId())
                    : List.of(registration.registrationId()));
            List<TransactWriteItem> items = new ArrayList<>();
            // The ticket version as read: a re-issue in between makes the cancel re-decide (and a stale ticket fail).
            items.add(statusChange(registration, RegistrationStatus.CANCELLED,
                    " AND attribute_not_exists(" + RegistrationItem.CHECKED_IN_AT + ") AND "
                            + RegistrationItem.ticketVersionCondition(registration.ticketVersion(), ":ticketVersion"),
                    Map.of(":ticketVersion", Attributes.n(registration.ticketVersion())),
                    plan.stampOf(registration.registrationId())));
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(ItemKeys.emailGuard(registration.attendeeEmail(), registration.eventId()))).build());
            String counters;
            if (promotes) {
                counters = "SET #waitlisted = #waitlisted - :one, #cancelled = #cancelled + :one";
            } else if (heldSeat) {
                counters = "SET #confirmed = #confirmed - :one, #cancelled = #cancelled + :one";
            } else {
                counters = "SET #waitlisted = #waitlisted - :one, #cancelled = #cancelled + :one";
            }
            items.add(counterUpdate(registration.eventId(), counters, "attribute_exists(registration_id)"));
            if (promotes) {
                items.add(statusChange(candidate, RegistrationStatus.CONFIRMED, "", Map.of(),
                        plan.stampOf(candidate.registrationId())));
            }
            int recordIndex = items.size();
            if (record != null) {
                items.add(idempotency.put(record));
            }
            items.add(outbox.put(registration, NotificationKind.CANCELLED, 1));
            if (promotes) {
                items.add(outbox.put(candidate, NotificationKind.PROMOTED, 1));
            }
            List<Integer> shardIndexes = addShardMoves(items, plan);
            try {
                transactions.write(items);
                revisions.committed(plan);
                return CancelOutcome.CANCELLED;
            } catch (TransactionFailure failure) {
                if (retryAfterShardMoved(failure, plan, shardIndexes, attempt)) {
                    continue;
                }
                if (record != null && failure.failedAt(recordIndex)) {
                    return CancelOutcome.IDEMPOTENCY_KEY_TAKEN;
                }
                if (promotes && failure.failedAt(3)) {
                    return CancelOutcome.CANDIDATE_GONE;
                }
                return CancelOutcome.REGISTRATION_CHANGED;
            }
        }
    }

    /**
     * Bumps the registration's ticket version, which revokes every ticket signed before, and
     * answers the registration as it now is (empty if there is none). The bump is conditioned on
     * the version it read, so two re-issues at once get two different versions and only the later
     * ticket works; the attendee's re-issue notification is written in the same transaction.
     */
    public Optional<RegistrationItem> bumpTicketVersion(String registrationId, String eventId) {
        for (int attempt = 0; attempt < REISSUE_ATTEMPTS; attempt++) {
            Optional<RegistrationItem> found = find(registrationId, eventId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            RegistrationItem r = found.get();
            RegistrationItem bumped = new RegistrationItem(r.registrationId(), r.eventId(), r.attendeeName(),
                    r.attendeeEmail(), r.status(), r.registeredAt(), r.answers(), r.checkedInAt(), r.checkedInGate(),
                    r.inside(), r.version() + 1, r.ticketVersion() + 1, r.ttl());
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(ItemKeys.registration(registrationId, eventId))
                    .updateExpression("SET #ticketVersion = :next, #version = #version + :one")
                    .conditionExpression("#type = :registration AND "
                            + RegistrationItem.ticketVersionCondition(r.ticketVersion(), ":current"))
                    .expressionAttributeNames(Map.of("#ticketVersion", RegistrationItem.TICKET_VERSION,
                            "#version", RegistrationItem.VERSION, "#type", TableSchema.ITEM_TYPE))
                    .expressionAttributeValues(Map.of(":next", Attributes.n(bumped.ticketVersion()),
                            ":current", Attributes.n(r.ticketVersion()), ":one", Attributes.n(1),
                            ":registration", Attributes.s(ItemType.REGISTRATION.value())))).build());
            items.add(outbox.put(bumped, NotificationKind.REISSUED, bumped.ticketVersion()));
            try {
                transactions.write(items);
                return Optional.of(bumped);
            } catch (TransactionFailure failure) {
                Log.debugf("re-issue of %s raced another; reading it again", registrationId);
            }
        }
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                "Too many concurrent re-issues of this ticket; retry.");
    }

    /** Gives a free seat to a waitlisted registration, if a seat is free and it still waits. */
    public PromoteOutcome promote(RegistrationItem candidate) {
        for (int attempt = 1;; attempt++) {
            EventShards.Plan plan = revisions.plan(candidate.eventId(), List.of(candidate.registrationId()));
            List<TransactWriteItem> items = new ArrayList<>(List.of(
                    counterUpdate(candidate.eventId(), "SET #confirmed = #confirmed + :one, #waitlisted = #waitlisted - :one",
                            "#confirmed < #capacity AND #waitlisted > :zero"),
                    statusChange(candidate, RegistrationStatus.CONFIRMED, "", Map.of(), plan.stamps().get(0)),
                    outbox.put(candidate, NotificationKind.PROMOTED, 1)));
            List<Integer> shardIndexes = addShardMoves(items, plan);
            try {
                transactions.write(items);
                revisions.committed(plan);
                return PromoteOutcome.PROMOTED;
            } catch (TransactionFailure failure) {
                if (retryAfterShardMoved(failure, plan, shardIndexes, attempt)) {
                    continue;
                }
                return failure.failedAt(0) ? PromoteOutcome.NO_SEAT : PromoteOutcome.CANDIDATE_GONE;
            }
        }
    }

    /**
     * Appends the moves of the event shards the plan stamps (ARCHITECTURE.md "Change feed":
     * dashboards number changes by shard revision); answers their indexes in the transaction.
     */
    private List<Integer> addShardMoves(List<TransactWriteItem> items, EventShards.Plan plan) {
        List<Integer> indexes = new ArrayList<>();
        for (EventShards.Move move : plan.moves()) {
            Map<String, String> names = new HashMap<>(move.names());
            names.put("#type", TableSchema.ITEM_TYPE);
            Map<String, AttributeValue> values = new HashMap<>(move.values());
            values.put(":counter", Attributes.s(ItemType.COUNTER.value()));
            indexes.add(items.size());
            items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(move.key())
                    .updateExpression("SET #type = :counter, " + move.setClause())
                    .conditionExpression(move.condition())
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        }
        return indexes;
    }

    /**
     * When only shard revisions were guessed wrong (another writer stamped in between), remembers
     * what the shards hold and says to try again; any other failed condition is the caller's answer.
     */
    private boolean retryAfterShardMoved(TransactionFailure failure, EventShards.Plan plan, List<Integer> shardIndexes,
            int attempt) {
        if (!failure.failedOnlyAmong(shardIndexes)) {
            return false;
        }
        if (attempt >= MAX_SHARD_ATTEMPTS) {
            throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                    "Too many concurrent changes to this event; retry with the same Idempotency-Key.");
        }
        for (int i = 0; i < shardIndexes.size(); i++) {
            if (failure.failedAt(shardIndexes.get(i))) {
                EventShards.Move move = plan.moves().get(i);
                revisions.seen(move.eventId(), move.shard(), failure.itemAt(shardIndexes.get(i)));
            }
        }
        // Writers that lost the same revision spread out instead of all retrying at once.
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 2L * attempt) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE, "Interrupted; retry.");
        }
        return true;
    }

    /** The oldest waitlisted registrations per the (eventually consistent) status index: candidates only. */
    public List<RegistrationItem> waitlistCandidates(String eventId, int limit) {
        return dynamoDb.query(q -> q.tableName(table).indexName(TableSchema.CHECK_IN_STATUS_INDEX)
                .keyConditionExpression(TableSchema.EVENT_ID + " = :e AND begins_with(" + TableSchema.CHECK_IN_STATUS + ", :w)")
                .expressionAttributeValues(Map.of(":e", Attributes.s(eventId), ":w", Attributes.s("waitlisted#")))
                .scanIndexForward(true).limit(limit))
                .items().stream().map(RegistrationItem::from).toList();
    }

    /**
     * A waitlisted registration's place in line: how many wait with it, registered no later (the
     * status index; eventually consistent, for telling the attendee, never for deciding).
     */
    public long waitlistPosition(RegistrationItem registration) {
        var response = dynamoDb.query(q -> q.tableName(table).indexName(TableSchema.CHECK_IN_STATUS_INDEX)
                .keyConditionExpression(TableSchema.EVENT_ID + " = :e AND " + TableSchema.CHECK_IN_STATUS
                        + " BETWEEN :first AND :self")
                .expressionAttributeValues(Map.of(":e", Attributes.s(registration.eventId()),
                        ":first", Attributes.s("waitlisted#"),
                        ":self", Attributes.s(RegistrationItem.checkInStatusKey("waitlisted", registration.registeredAt()))))
                .select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT));
        return Math.max(1, response.count());
    }

    /**
     * A page of an event's registrations: by date, or of one check-in state by date
     * ({@code confirmed}, {@code waitlisted}, {@code cancelled}, {@code checked_in}).
     */
    public Page page(String eventId, String state, boolean newestFirst, String cursor, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).limit(limit)
                .scanIndexForward(!newestFirst);
        String rangeAttribute;
        if (state == null) {
            rangeAttribute = TableSchema.REGISTRATION_DATE;
            query.indexName(TableSchema.REGISTRATION_DATE_INDEX).keyConditionExpression(TableSchema.EVENT_ID + " = :e")
                    .expressionAttributeValues(Map.of(":e", Attributes.s(eventId)));
        } else {
            rangeAttribute = TableSchema.CHECK_IN_STATUS;
            query.indexName(TableSchema.CHECK_IN_STATUS_INDEX)
                    .keyConditionExpression(TableSchema.EVENT_ID + " = :e AND begins_with(" + TableSchema.CHECK_IN_STATUS + ", :s)")
                    .expressionAttributeValues(Map.of(":e", Attributes.s(eventId), ":s", Attributes.s(state + "#")));
        }
        if (cursor != null) {
            query.exclusiveStartKey(decodeCursor(cursor, eventId, rangeAttribute, state == null ? "" : state + "#"));
        }
        QueryResponse response = dynamoDb.query(query.build());
        List<RegistrationItem> items = response.items().stream().map(RegistrationItem::from).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? encodeCursor(response.lastEvaluatedKey(), rangeAttribute) : null;
        return new Page(items, next);
    }

    /** Every registration of an event, oldest first, one page at a time: memory stays at one page. */
    public void forEachPage(String eventId, int pageSize, Consumer<List<RegistrationItem>> consumer) {
        // The paginator fetches the next page only when asked for it.
        dynamoDb.queryPaginator(q -> q.tableName(table).indexName(TableSchema.REGISTRATION_DATE_INDEX)
                .keyConditionExpression(TableSchema.EVENT_ID + " = :e")
                .expressionAttributeValues(Map.of(":e", Attributes.s(eventId)))
                .limit(pageSize))
                .forEach(page -> consumer.accept(page.items().stream().map(RegistrationItem::from).toList()));
    }

    /** Registrations for an email across events (EmailIndex; eventually consistent, for look-ups). */
    public List<RegistrationItem> byEmail(String normalisedEmail) {
        return dynamoDb.queryPaginator(q -> q.tableName(table).indexName(TableSchema.EMAIL_INDEX)
                .keyConditionExpression(TableSchema.ATTENDEE_EMAIL + " = :m")
                .expressionAttributeValues(Map.of(":m", Attributes.s(normalisedEmail))))
                .items().stream().map(RegistrationItem::from).toList();
    }

    /** Status change on the base item, conditioned on the status it was read with. */
    private TransactWriteItem statusChange(RegistrationItem registration, RegistrationStatus to, String extraCondition,
            Map<String, AttributeValue> extraValues, EventShards.Stamp stamp) {
        String checkInState = to == RegistrationStatus.CANCELLED ? "cancelled" : "confirmed";
        Map<String, AttributeValue> values = new HashMap<>(extraValues);
        values.put(":to", Attributes.s(to.value()));
        values.put(":from", Attributes.s(registration.status().value()));
        values.put(":checkIn", Attributes.s(RegistrationItem.checkInStatusKey(checkInState, registration.registeredAt())));
        values.put(":one", Attributes.n(1));
        values.putAll(stamp.values(""));
        Map<String, String> names = new HashMap<>(Map.of("#status", RegistrationItem.STATUS,
                "#checkInStatus", TableSchema.CHECK_IN_STATUS, "#version", RegistrationItem.VERSION));
        names.putAll(stamp.names(""));
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET #status = :to, #checkInStatus = :checkIn, #version = #version + :one, "
                        + stamp.setClause(""))
                .conditionExpression("#status = :from" + extraCondition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)).build();
    }

    private TransactWriteItem counterUpdate(String eventId, String update, String condition) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String expression = update + " " + condition;
        putIfUsed(names, expression, "#confirmed", EventRepository.CONFIRMED_COUNT);
        putIfUsed(names, expression, "#waitlisted", EventRepository.WAITLISTED_COUNT);
        putIfUsed(names, expression, "#cancelled", EventRepository.CANCELLED_COUNT);
        putIfUsed(names, expression, "#capacity", EventItem.CAPACITY);
        putIfUsed(values, expression, ":one", Attributes.n(1));
        putIfUsed(values, expression, ":zero", Attributes.n(0));
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(ItemKeys.event(eventId))
                .updateExpression(update).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    private static <V> void putIfUsed(Map<String, V> map, String expression, String placeholder, V value) {
        if (expression.contains(placeholder)) {
            map.put(placeholder, value);
        }
    }

    /** The index key a page ended at, as an opaque URL-safe string. */
    private static String encodeCursor(Map<String, AttributeValue> key, String rangeAttribute) {
        String text = String.join("\n", rangeAttribute, key.get(TableSchema.REGISTRATION_ID).s(),
                key.get(TableSchema.EVENT_ID).s(), key.get(rangeAttribute).s());
        return CURSOR_ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decodeCursor(String cursor, String eventId, String rangeAttribute,
            String rangePrefix) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        // A cursor from another event or another listing would silently skip or repeat rows.
        if (parts.length != 4 || !parts[0].equals(rangeAttribute) || parts[1].isEmpty() || !parts[2].equals(eventId)
                || !parts[3].startsWith(rangePrefix) || parts[3].length() == rangePrefix.length()) {
            throw ProblemException.invalid("cursor", "is not a cursor of this listing; start again without one");
        }
        return Map.of(TableSchema.REGISTRATION_ID, Attributes.s(parts[1]), TableSchema.EVENT_ID, Attributes.s(parts[2]),
                rangeAttribute, Attributes.s(parts[3]));
    }
}
