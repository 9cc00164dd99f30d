package io.eventplatform.shared.item;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An event's shard items {@code (COUNTS#checkin#<eventId>#<shard>, eventId)}: each registration
 * belongs to one shard (from its id), whose item holds the check-in counters of the registrations
 * in it and the shard's {@code revision}. Every change of a registration that dashboards see bumps
 * its shard's revision in the same transaction and stamps the registration with it
 * ({@code shard}, {@code shard_revision}), so every reader of the change feed numbers the change
 * alike: (shard, revision) is a position every instance agrees on, and no item takes more than
 * one shard's share of a door rush.
 *
 * <p>Writers guess the revision from the last one they wrote or saw and condition on it; a wrong
 * guess fails only that condition, returns the shard as it is, and the write is retried.
 * Instances hold one cache per repository ({@link #Revisions}).
 */
public final class EventShards {

    /** Shards per event: spreads a door rush over this many items (each ~1,000 WCU/s, 500 transactions/s). */
    public static final int COUNT = 8;
    /** Counter kind of the shard items. */
    public static final String KIND = "checkin";
    /** On a shard item: the number of changes stamped in this shard so far. */
    public static final String REVISION = "revision";
    /** On a registration item: the shard it belongs to and the shard revision of its last stamped change. */
    public static final String SHARD = "shard";
    public static final String SHARD_REVISION = "shard_revision";

    private EventShards() {
    }

    /** The shard a registration belongs to, for all its life. */
    public static int of(String registrationId) {
        return Math.floorMod(registrationId.hashCode(), COUNT);
    }

    public static Map<String, AttributeValue> key(String eventId, int shard) {
        return ItemKeys.counterShard(KIND, eventId, shard);
    }

    /** Every shard key of an event, shard 0 first. */
    public static List<Map<String, AttributeValue>> keys(String eventId) {
        return IntStream.range(0, COUNT).mapToObj(shard -> key(eventId, shard)).toList();
    }

    /** The revision a shard item holds; 0 for none. */
    public static long revisionOf(Map<String, AttributeValue> shardItem) {
        AttributeValue value = shardItem == null ? null : shardItem.get(REVISION);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    /**
     * A registration change stamped with its shard's next revision and, while tracing, the trace
     * context of the request making it ({@link ItemTrace}; null when tracing is off).
     */
    public record Stamp(String registrationId, int shard, long revision, String traceParent) {

        /** {@code SET} fragment for the registration's own update, with placeholder suffix {@code tag}. */
        public String setClause(String tag) {
            String clause = "#shard" + tag + " = :shard" + tag + ", #shardRevision" + tag + " = :shardRevision" + tag;
            return traceParent == null ? clause : clause + ", #traceParent" + tag + " = :traceParent" + tag;
        }

        public Map<String, String> names(String tag) {
            return traceParent == null ? Map.of("#shard" + tag, SHARD, "#shardRevision" + tag, SHARD_REVISION)
                    : Map.of("#shard" + tag, SHARD, "#shardRevision" + tag, SHARD_REVISION,
                            "#traceParent" + tag, ItemTrace.TRACE_PARENT);
        }

        public Map<String, AttributeValue> values(String tag) {
            return traceParent == null
                    ? Map.of(":shard" + tag, Attributes.n(shard), ":shardRevision" + tag, Attributes.n(revision))
                    : Map.of(":shard" + tag, Attributes.n(shard), ":shardRevision" + tag, Attributes.n(revision),
                            ":traceParent" + tag, Attributes.s(traceParent));
        }

        /** The attributes for a registration written whole (a Put). */
        public Map<String, AttributeValue> attributes() {
            return traceParent == null ? Map.of(SHARD, Attributes.n(shard), SHARD_REVISION, Attributes.n(revision))
                    : Map.of(SHARD, Attributes.n(shard), SHARD_REVISION, Attributes.n(revision),
                            ItemTrace.TRACE_PARENT, Attributes.s(traceParent));
        }
    }

    /**
     * One shard's move from {@code previous} to {@code last} revision in a transaction: the
     * condition that it still is at {@code previous}, and the {@code SET} that moves it.
     */
    public record Move(String eventId, int shard, long previous, long last) {

        public String setClause() {
            return "#revision = :revision";
        }

        public String condition() {
            return previous == 0 ? "attribute_not_exists(#revision)" : "#revision = :previousRevision";
        }

        public Map<String, String> names() {
            return Map.of("#revision", REVISION);
        }

        public Map<String, AttributeValue> values() {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":revision", Attributes.n(last));
            if (previous != 0) {
                values.put(":previousRevision", Attributes.n(previous));
            }
            return values;
        }

        public Map<String, AttributeValue> key() {
            return EventShards.key(eventId, shard);
        }
    }

    /** What one transaction stamps: a stamp per registration and a move per shard touched. */
    public record Plan(List<Stamp> stamps, List<Move> moves) {

        public Stamp stampOf(String registrationId) {
            return stamps.stream().filter(s -> s.registrationId().equals(registrationId)).findFirst().orElseThrow();
        }
    }

    /** The revisions this process last wrote or saw, per event shard: its guess for the next write. */
    public static final class Revisions {

        private final ConcurrentHashMap<String, Long> known = new ConcurrentHashMap<>();
        /**
         * Writers of one shard, striped. Two writers of a shard in this process guess the same next
         * revision, so one of them fails its condition and retries as a whole new transaction: at a
         * door rush those retries doubled the table's work per scan. Holding a shard's lock from plan
         * to commit queues them here instead; writers in other processes still meet the condition.
         */
        private final ReentrantLock[] writers = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock(true))
                .toArray(ReentrantLock[]::new);

        /** The lock a writer of {@code shard} of {@code eventId} holds from {@link #plan} to its commit. */
        public Lock writerOf(String eventId, int shard) {
            return writers[Math.floorMod(cacheKey(eventId, shard).hashCode(), writers.length)];
        }

        /** Stamps each registration (in order) with the next revisions of its shard and the current trace context. */
        public Plan plan(String eventId, List<String> registrationIds) {
            String traceParent = ItemTrace.current();
            Map<Integer, long[]> byShard = new LinkedHashMap<>();
            List<Stamp> stamps = new ArrayList<>();
            for (String registrationId : registrationIds) {
                int shard = of(registrationId);
                long[] range = byShard.computeIfAbsent(shard, s -> {
                    long previous = known.getOrDefault(cacheKey(eventId, s), 0L);
                    return new long[] {previous, previous};
                });
                range[1]++;
                stamps.add(new Stamp(registrationId, shard, range[1], traceParent));
            }
            List<Move> moves = new ArrayList<>();
            byShard.forEach((shard, range) -> moves.add(new Move(eventId, shard, range[0], range[1])));
            return new Plan(stamps, moves);
        }

        /** The plan was committed: its revisions are the shards' newest. */
        public void committed(Plan plan) {
            for (Move move : plan.moves()) {
                seen(move.eventId(), move.shard(), move.last());
            }
        }

        /** A shard's condition failed: remember the revision it returned, unless a newer one is known. */
        public void seen(String eventId, int shard, Map<String, AttributeValue> shardItem) {
            seen(eventId, shard, revisionOf(shardItem));
        }

        private void seen(String eventId, int shard, long revision) {
            known.merge(cacheKey(eventId, shard), revision, Math::max);
        }

        private static String cacheKey(String eventId, int shard) {
            return eventId + "#" + shard;
        }
    }
}
