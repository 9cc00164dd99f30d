package io.eventplatform.checkin.checkin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.shared.config.TableConfig;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventLookup;
import io.eventplatform.shared.item.EventShards;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.ItemType;
import io.eventplatform.shared.table.TableSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Check-in state in the shared table: each state change is a conditional update of the
 * registration in one transaction with its shard of the event's counters (see {@link EventShards}),
 * so a ticket is checked in once, the counters stay exact under any concurrency, and a door rush
 * spreads over {@link EventShards#COUNT} items. The same transaction stamps the change with the
 * shard's next revision, the position dashboards resume from on any instance.
 */
@ApplicationScoped
public class CheckInRepository {

    static final String CHECKED_IN = "checked_in";
    static final String INSIDE = "inside";
    /** Admissions recorded as conflicts (a ticket let in twice, the later one losing). */
    static final String CONFLICTS = "conflicts";
    /** Per-gate counters are top-level numbers named {@code gate:<gate>} (ADD cannot reach into a map). */
    static final String GATE_PREFIX = "gate:";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int maxAttempts;

    private final Counter conflicts;
    private final Counter revisionRetries;
    private final EventShards.Revisions revisions = new EventShards.Revisions();

    public CheckInRepository(DynamoDbClient dynamoDb, TableConfig table, CheckinConfig config, MeterRegistry meters) {
        this.dynamoDb = dynamoDb;
        this.table = table.name();
        this.maxAttempts = config.writes().maxAttempts();
        this.conflicts = Counter.builder("checkin.transaction.conflicts")
                .description("Check-in transactions retried because another transaction held the same items")
                .register(meters);
        this.revisionRetries = Counter.builder("checkin.revision.retries")
                .description("Check-in transactions retried because another writer took the shard revision they guessed")
                .register(meters);
    }

    /** The registration, read strongly consistent, or empty if there is none at this event. */
    public Optional<Attendance> find(String eventId, String registrationId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(ItemKeys.registration(registrationId, eventId))).item();
        return Optional.ofNullable(attendance(item));
    }

    public Optional<EventItem> event(String eventId) {
        Map<String, AttributeValue> item = EventLookup.find(dynamoDb, table, eventId, false);
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(EventItem.from(item));
    }

    /** First check-in: only if not checked in yet and confirmed. */
    public WriteOutcome checkIn(Attendance current, ScanWrite write) {
        RegistrationItem registration = current.registration();
        Map<String, String> names = Map.of("#status", RegistrationItem.STATUS);
        Map<String, AttributeValue> values = scanValues(write);
        values.remove(":false");
        values.put(":confirmed", Attributes.s(RegistrationStatus.CONFIRMED.value()));
        values.put(":checkInStatus", Attributes.s(RegistrationItem.checkInStatusKey("checked_in", registration.registeredAt())));
        values.put(":by", Attributes.s(write.by()));
        String ticketStillCurrent = ticketCondition(write, values);
        Update registrationUpdate = Update.builder().tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET " + RegistrationItem.CHECKED_IN_AT + " = :at, "
                        + RegistrationItem.CHECKED_IN_GATE + " = :gate, " + RegistrationItem.CHECKED_IN_BY + " = :by, "
                        + RegistrationItem.CHECKED_IN_REQUEST + " = :request, "
                        + RegistrationItem.INSIDE + " = :true, " + TableSchema.CHECK_IN_STATUS + " = :checkInStatus, "
                        + SCAN_FIELDS + " ADD " + RegistrationItem.VERSION + " :one" + offlineAdmission(write, values))
                .conditionExpression("attribute_not_exists(" + RegistrationItem.CHECKED_IN_AT + ") AND #status = :confirmed"
                        + ticketStillCurrent)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return commit(registration, registrationUpdate,
                new CounterChange("ADD " + CHECKED_IN + " :one, " + INSIDE + " :one, #gatecount :one",
                        Map.of("#gatecount", GATE_PREFIX + write.gate()), Map.of(":one", Attributes.n(1))));
    }

    /**
     * Earliest admission wins: an offline scan made before the registration's first check-in
     * becomes the first check-in (time, gate, who), and the one it displaces is recorded as a
     * conflict. The first check-in per gate moves with it; occupancy does not change.
     */
    public WriteOutcome takeOverFirstCheckIn(Attendance current, ScanWrite write) {
        RegistrationItem registration = current.registration();
        Map<String, AttributeValue> values = scanValues(write);
        values.remove(":true");
        values.remove(":false");
        values.put(":by", Attributes.s(write.by()));
        values.put(":previousAt", Attributes.instant(current.checkedInAt()));
        values.put(":none", AttributeValue.fromL(List.of()));
        values.put(":displaced", new ConflictingScan(current.checkedInAt(), current.gate(), current.checkedInBy(),
                current.checkedInRequest()).asListValue());
        String ticketStillCurrent = ticketCondition(write, values);
        Update registrationUpdate = Update.builder().tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET " + RegistrationItem.CHECKED_IN_AT + " = :at, "
                        + RegistrationItem.CHECKED_IN_GATE + " = :gate, " + RegistrationItem.CHECKED_IN_BY + " = :by, "
                        + RegistrationItem.CHECKED_IN_REQUEST + " = :request, " + CONFLICT_APPENDED + ":displaced), "
                        + SCAN_FIELDS + " ADD " + RegistrationItem.VERSION + " :one" + offlineAdmission(write, values))
                .conditionExpression(RegistrationItem.CHECKED_IN_AT + " = :previousAt AND " + NOT_YET_ADMITTED
                        + ticketStillCurrent)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        String previousGate = current.gate() == null ? "unknown" : current.gate();
        CounterChange counters = previousGate.equals(write.gate())
                ? new CounterChange("ADD " + CONFLICTS + " :one", Map.of(), Map.of(":one", Attributes.n(1)))
                : new CounterChange("ADD " + CONFLICTS + " :one, #newGate :one, #oldGate :minus",
                        Map.of("#newGate", GATE_PREFIX + write.gate(), "#oldGate", GATE_PREFIX + previousGate),
                        Map.of(":one", Attributes.n(1), ":minus", Attributes.n(-1)));
        return commit(registration, registrationUpdate, counters);
    }

    /**
     * An offline admission after the first check-in, of an attendee who is inside: the ticket was
     * let in twice. The later admission is recorded as a conflict; the check-in stays as it is.
     */
    public WriteOutcome recordConflict(Attendance current, ScanWrite write) {
        RegistrationItem registration = current.registration();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":checkedInAt", Attributes.instant(current.checkedInAt()));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":one", Attributes.n(1));
        values.put(":request", Attributes.s(write.requestKey()));
        values.put(":none", AttributeValue.fromL(List.of()));
        values.put(":conflict", write.asConflict().asListValue());
        String ticketStillCurrent = ticketCondition(write, values);
        Update registrationUpdate = Update.builder().tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET " + CONFLICT_APPENDED + ":conflict) ADD " + RegistrationItem.VERSION + " :one"
                        + offlineAdmission(write, values))
                .conditionExpression(RegistrationItem.CHECKED_IN_AT + " = :checkedInAt AND " + RegistrationItem.INSIDE
                        + " = :true AND " + NOT_YET_ADMITTED + ticketStillCurrent)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return commit(registration, registrationUpdate, new CounterChange("ADD " + CONFLICTS + " :one", Map.of(), Map.of(":one", Attributes.n(1))));
    }

    /** Entry scan of a checked-in attendee who is outside. */
    public WriteOutcome reEnter(Attendance current, ScanWrite write) {
        return move(current, write, true);
    }

    /** Exit scan of a checked-in attendee who is inside. */
    public WriteOutcome exit(Attendance current, ScanWrite write) {
        return move(current, write, false);
    }

    private WriteOutcome move(Attendance current, ScanWrite write, boolean in) {
        RegistrationItem registration = current.registration();
        Map<String, AttributeValue> values = scanValues(write);
        values.put(":wasInside", AttributeValue.fromBool(!in));
        values.put(":nowInside", AttributeValue.fromBool(in));
        String wasInside = in
                ? "(attribute_not_exists(" + RegistrationItem.INSIDE + ") OR " + RegistrationItem.INSIDE + " = :wasInside)"
                : RegistrationItem.INSIDE + " = :wasInside";
        String ticketStillCurrent = ticketCondition(write, values);
        Update registrationUpdate = Update.builder().tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET " + RegistrationItem.INSIDE + " = :nowInside, " + SCAN_FIELDS
                        + " ADD " + RegistrationItem.VERSION + " :one")
                .conditionExpression("attribute_exists(" + RegistrationItem.CHECKED_IN_AT + ") AND " + wasInside
                        + ticketStillCurrent)
                .expressionAttributeValues(withoutUnused(values))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return commit(registration, registrationUpdate, new CounterChange("ADD " + INSIDE + " :delta", Map.of(), Map.of(":delta", Attributes.n(in ? 1 : -1))));
    }

    /** Undoes the first check-in; the counters lose it (and its gate, and the seat inside if taken). */
    public WriteOutcome undo(Attendance current, ScanWrite write) {
        RegistrationItem registration = current.registration();
        Map<String, AttributeValue> values = scanValues(write);
        values.put(":checkedInAt", Attributes.instant(registration.checkedInAt()));
        values.put(":wasInside", AttributeValue.fromBool(current.inside()));
        values.put(":checkInStatus", Attributes.s(RegistrationItem.checkInStatusKey("confirmed", registration.registeredAt())));
        values.remove(":true");
        Update registrationUpdate = Update.builder().tableName(table)
                .key(ItemKeys.registration(registration.registrationId(), registration.eventId()))
                .updateExpression("SET " + RegistrationItem.INSIDE + " = :false, " + TableSchema.CHECK_IN_STATUS
                        + " = :checkInStatus, " + SCAN_FIELDS + " REMOVE " + RegistrationItem.CHECKED_IN_AT + ", "
                        + RegistrationItem.CHECKED_IN_GATE + ", " + RegistrationItem.CHECKED_IN_BY
                        + " ADD " + RegistrationItem.VERSION + " :one")
                .conditionExpression(RegistrationItem.CHECKED_IN_AT + " = :checkedInAt AND "
                        + (current.inside() ? RegistrationItem.INSIDE + " = :wasInside"
                                : "(attribute_not_exists(" + RegistrationItem.INSIDE + ") OR " + RegistrationItem.INSIDE
                                        + " = :wasInside)"))
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        String gate = registration.checkedInGate() == null ? "unknown" : registration.checkedInGate();
        WriteOutcome outcome = commit(registration, registrationUpdate, new CounterChange("ADD " + CHECKED_IN + " :minus, " + INSIDE + " :insideDelta, #gatecount :minus",
                Map.of("#gatecount", GATE_PREFIX + gate),
                Map.of(":minus", Attributes.n(-1), ":insideDelta", Attributes.n(current.inside() ? -1 : 0))));
        if (outcome instanceof WriteOutcome.Applied) {
            removeIfZero(registration.eventId(), EventShards.of(registration.registrationId()), GATE_PREFIX + gate);
        }
        return outcome;
    }

    /**
     * Drops a gate counter that undos brought back to zero in this shard, so a shard holds only gates
     * with check-ins and cannot grow towards DynamoDB's 400 KB item limit. Conditional on the zero:
     * a check-in at that gate in between keeps it.
     */
    private void removeIfZero(String eventId, int shard, String counter) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(EventShards.key(eventId, shard))
                    .updateExpression("REMOVE #counter").conditionExpression("#counter = :zero")
                    .expressionAttributeNames(Map.of("#counter", counter))
                    .expressionAttributeValues(Map.of(":zero", Attributes.n(0))));
        } catch (ConditionalCheckFailedException e) {
            Log.debugf("gate counter %s of %s is in use again; kept", counter, eventId);
        }
    }

    /**
     * The exact counters: the sum of the event's shards and of the single counters item events had
     * before sharding (still read, never written: its numbers stay part of the sum).
     */
    public CheckInCounts counts(String eventId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(EventShards.keys(eventId));
        keys.add(ItemKeys.Legacy.counts(EventShards.KIND, eventId));
        Map<String, Long> sums = new HashMap<>();
        dynamoDb.batchGetItemPaginator(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(keys).consistentRead(true).build())))
                .forEach(page -> page.responses().getOrDefault(table, List.of()).forEach(item -> item.forEach(
                        (name, value) -> {
                            if (value.n() != null && !EventShards.REVISION.equals(name)) {
                                sums.merge(name, Long.parseLong(value.n()), Long::sum);
                            }
                        })));
        Map<String, Long> gates = new TreeMap<>();
        sums.forEach((name, sum) -> {
            if (name.startsWith(GATE_PREFIX) && sum != 0) {
                gates.put(name.substring(GATE_PREFIX.length()), sum);
            }
        });
        return new CheckInCounts(eventId, sums.getOrDefault(CHECKED_IN, 0L), sums.getOrDefault(INSIDE, 0L), gates,
                sums.getOrDefault(CONFLICTS, 0L));
    }

    /** The revision of each of the event's shards, shard 0 first (strongly consistent). */
    public long[] shardRevisions(String eventId) {
        long[] revisions = new long[EventShards.COUNT];
        dynamoDb.batchGetItemPaginator(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(EventShards.keys(eventId)).consistentRead(true).build())))
                .forEach(page -> page.responses().getOrDefault(table, List.of()).forEach(item -> {
                    String hash = item.get(TableSchema.REGISTRATION_ID).s();
                    int shard = Integer.parseInt(hash.substring(hash.lastIndexOf('#') + 1));
                    revisions[shard] = EventShards.revisionOf(item);
                }));
        return revisions;
    }

    /** Every registration of an event, oldest first (RegistrationDateIndex; eventually consistent). */
    public List<Attendance> registrationsOf(String eventId) {
        return dynamoDb.queryPaginator(q -> q.tableName(table).indexName(TableSchema.REGISTRATION_DATE_INDEX)
                .keyConditionExpression(TableSchema.EVENT_ID + " = :event")
                .expressionAttributeValues(Map.of(":event", Attributes.s(eventId))))
                .items().stream().filter(CheckInRepository::isRegistration).map(CheckInRepository::attendance).toList();
    }

    private static final String SCAN_FIELDS = RegistrationItem.LAST_SCAN_AT + " = :at, "
            + RegistrationItem.LAST_SCAN_GATE + " = :gate, " + RegistrationItem.LAST_SCAN_REQUEST + " = :request, "
            + RegistrationItem.LAST_SCAN_OUTCOME + " = :outcome";

    private static final String CONFLICT_APPENDED = RegistrationItem.CHECK_IN_CONFLICTS + " = list_append(if_not_exists("
            + RegistrationItem.CHECK_IN_CONFLICTS + ", :none), ";
    private static final String NOT_YET_ADMITTED = "NOT contains(" + RegistrationItem.OFFLINE_ADMISSIONS + ", :request)";

    /** An offline admission remembers its request key, so a resent sync finds it applied. */
    private static String offlineAdmission(ScanWrite write, Map<String, AttributeValue> values) {
        if (!write.offline()) {
            return "";
        }
        values.put(":requests", AttributeValue.fromSs(List.of(write.requestKey())));
        return ", " + RegistrationItem.OFFLINE_ADMISSIONS + " :requests";
    }

    private static Map<String, AttributeValue> scanValues(ScanWrite write) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":at", Attributes.instant(write.at()));
        values.put(":gate", Attributes.s(write.gate()));
        values.put(":request", Attributes.s(write.requestKey()));
        values.put(":outcome", Attributes.s(write.outcome().value()));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":false", AttributeValue.fromBool(false));
        values.put(":one", Attributes.n(1));
        return values;
    }

    /**
     * For a ticket scan: the registration must still carry the ticket's version, so a re-issue
     * between the read and this write fails the write (and the re-decision answers ticket_revoked).
     */
    private static String ticketCondition(ScanWrite write, Map<String, AttributeValue> values) {
        if (write.ticketVersion() == null) {
            return "";
        }
        values.put(":ticketVersion", Attributes.n(write.ticketVersion()));
        return " AND " + RegistrationItem.ticketVersionCondition(write.ticketVersion(), ":ticketVersion");
    }

    /** Exit and re-entry use neither literal boolean; DynamoDB refuses unused values. */
    private static Map<String, AttributeValue> withoutUnused(Map<String, AttributeValue> values) {
        values.remove(":true");
        values.remove(":false");
        return values;
    }

    /** What a change adds to the counters of the registration's shard. */
    private record CounterChange(String add, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    /** The shard's counters change and its move to the next revision, conditioned on the revision guessed. */
    private Update shardUpdate(EventShards.Move move, CounterChange change) {
        Map<String, AttributeValue> values = new HashMap<>(change.values());
        values.put(":counter", Attributes.s(ItemType.COUNTER.value()));
        values.putAll(move.values());
        Map<String, String> names = new HashMap<>(change.names());
        names.putAll(move.names());
        return Update.builder().tableName(table)
                .key(move.key())
                .updateExpression("SET " + TableSchema.ITEM_TYPE + " = :counter, " + move.setClause() + " " + change.add())
                .conditionExpression(move.condition())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** The registration's update, also setting the stamp of this change (every update here starts with SET). */
    private static Update stamped(Update registrationUpdate, EventShards.Stamp stamp) {
        Map<String, String> names = new HashMap<>(registrationUpdate.expressionAttributeNames());
        names.putAll(stamp.names(""));
        Map<String, AttributeValue> values = new HashMap<>(registrationUpdate.expressionAttributeValues());
        values.putAll(stamp.values(""));
        return registrationUpdate.toBuilder()
                .updateExpression("SET " + stamp.setClause("") + ", " + registrationUpdate.updateExpression().substring(4))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /**
     * Commits the registration change with its counters. Concurrent transactions on the same
     * items are cancelled with TransactionConflict; those retry with jitter, while a failed
     * condition answers at once with the item as it now is.
     */
    private WriteOutcome commit(RegistrationItem registration, Update registrationUpdate, CounterChange counters) {
        Lock writer = revisions.writerOf(registration.eventId(), EventShards.of(registration.registrationId()));
        writer.lock();
        try {
            return commitHoldingShard(registration, registrationUpdate, counters);
        } finally {
            writer.unlock();
        }
    }

    private WriteOutcome commitHoldingShard(RegistrationItem registration, Update registrationUpdate,
            CounterChange counters) {
        for (int attempt = 1;; attempt++) {
            EventShards.Plan plan = revisions.plan(registration.eventId(), List.of(registration.registrationId()));
            EventShards.Move move = plan.moves().get(0);
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().update(stamped(registrationUpdate, plan.stamps().get(0))).build(),
                        TransactWriteItem.builder().update(shardUpdate(move, counters)).build()));
                revisions.committed(plan);
                return new WriteOutcome.Applied();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                CancellationReason first = reasons.isEmpty() ? null : reasons.get(0);
                if (first != null && CONDITION_FAILED.equals(first.code())) {
                    Attendance now = first.hasItem() && !first.item().isEmpty() ? attendance(first.item())
                            : find(registration.eventId(), registration.registrationId()).orElse(null);
                    return new WriteOutcome.Stale(now);
                }
                if (reasons.size() > 1 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                    // Another writer moved the shard on: retry soon (jittered) with the revision it returned.
                    revisions.seen(move.eventId(), move.shard(), reasons.get(1).item());
                    revisionRetries.increment();
                    if (attempt >= maxAttempts * 4) {
                        throw e;
                    }
                    backOff(1 + attempt / 4);
                    continue;
                }
                conflicts.increment();
                if (attempt >= maxAttempts) {
                    throw e;
                }
                Log.debugf("check-in transaction of %s conflicted (attempt %d): %s", registration.registrationId(),
                        attempt, reasons.stream().map(CancellationReason::code).toList());
            } catch (TransactionConflictException e) {
                conflicts.increment();
                if (attempt >= maxAttempts) {
                    throw e;
                }
            }
            backOff(attempt);
        }
    }

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private static void backOff(int attempt) {
        long bound = Math.min(100, 5L * attempt);
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(bound));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a check-in", e);
        }
    }

    private static boolean isRegistration(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSchema.ITEM_TYPE);
        return type != null && ItemType.REGISTRATION.value().equals(type.s());
    }

    private static Attendance attendance(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || !isRegistration(item)) {
            return null;
        }
        Attributes a = Attributes.of(item);
        AttributeValue admitted = item.get(RegistrationItem.OFFLINE_ADMISSIONS);
        return new Attendance(RegistrationItem.from(item), a.string(RegistrationItem.CHECKED_IN_BY),
                a.string(RegistrationItem.LAST_SCAN_REQUEST), a.string(RegistrationItem.LAST_SCAN_OUTCOME),
                a.string(RegistrationItem.CHECKED_IN_REQUEST), ConflictingScan.of(item),
                admitted == null || !admitted.hasSs() ? Set.of() : Set.copyOf(admitted.ss()));
    }
}
