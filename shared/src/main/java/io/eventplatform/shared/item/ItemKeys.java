package io.eventplatform.shared.item;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How each kind of item is keyed in the single table. The hash key is {@code registration_id}
 * and the range key {@code event_id} for every kind; kinds other than registrations use a
 * prefixed hash key so they never collide with a registration id. No hash key is shared by every
 * event (ARCHITECTURE.md "The table"): an event's own items carry its id in the hash key.
 */
public final class ItemKeys {

    /** Prefix of an event item: {@code EVENT#<eventId>}. */
    public static final String EVENT_PREFIX = "EVENT#";
    /**
     * Prefix of the event listing: {@code (EVENTS#<n>, eventId)} per event, {@code n} in
     * {@code [0, EVENT_LISTING_PARTITIONS)} from the event id. Written once when an event is
     * created, so a Query per partition lists all events and no partition takes every event's writes.
     */
    public static final String EVENT_LISTING_PREFIX = "EVENTS#";
    public static final int EVENT_LISTING_PARTITIONS = 4;
    /** Prefix of an event's materials: {@code MATERIAL#<materialId>}. */
    public static final String MATERIAL_PREFIX = "MATERIAL#";
    /** Hash key of an event's material index: {@code (MATERIALS, eventId)} lists its material ids. */
    public static final String MATERIAL_INDEX_PARTITION = "MATERIALS";
    /** Prefix of a pending presigned upload: {@code UPLOAD#<uploadId>}. */
    public static final String UPLOAD_PREFIX = "UPLOAD#";
    /** Prefix of the one-active-registration-per-email guard: {@code EMAIL#<normalised email>}. */
    public static final String EMAIL_GUARD_PREFIX = "EMAIL#";
    /** Prefix of an event's counter shards: {@code COUNTS#<kind>#<eventId>#<shard>}. */
    public static final String COUNTS_PREFIX = "COUNTS#";
    /** Prefix of a remembered idempotent answer: {@code IDEMPOTENCY#<scope>#<key>}. */
    public static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";

    /** Prefix of an attendee notification: {@code NOTIFICATION#<registrationId>#<key>}. */
    public static final String NOTIFICATION_PREFIX = "NOTIFICATION#";
    /** Prefix of a lease: {@code LEASE#<name>}, range key {@link #GLOBAL}. */
    public static final String LEASE_PREFIX = "LEASE#";
    /** Range key of the few items that belong to no event (leases). */
    public static final String GLOBAL = "GLOBAL";

    /**
     * Hash key of every pending bucket deletion: rare (a CDN copy being withdrawn, or a delete that
     * failed), so one partition holds them all and one Query finds what is due.
     */
    public static final String PENDING_DELETIONS_PARTITION = "PENDING_DELETIONS";

    /**
     * Keys written before events had partitions of their own. Nothing writes them any more; they
     * are read as a fallback and moved on first read (see {@code docs/data-model.md} "Older keys").
     */
    public static final class Legacy {

        /** Hash key every event item used to share. */
        public static final String EVENT_PARTITION = "EVENT";

        private Legacy() {
        }

        public static Map<String, AttributeValue> event(String eventId) {
            return key(EVENT_PARTITION, eventId);
        }

        /** The one counters item per event and kind, {@code (COUNTS#<kind>, eventId)}. */
        public static Map<String, AttributeValue> counts(String kind, String eventId) {
            return key(COUNTS_PREFIX + kind, eventId);
        }
    }

    private ItemKeys() {
    }

    public static Map<String, AttributeValue> key(String hash, String eventId) {
        return Map.of(TableSchema.REGISTRATION_ID, Attributes.s(hash), TableSchema.EVENT_ID, Attributes.s(eventId));
    }

    public static String eventHash(String eventId) {
        return EVENT_PREFIX + eventId;
    }

    public static Map<String, AttributeValue> event(String eventId) {
        return key(eventHash(eventId), eventId);
    }

    /** The event's entry in its listing partition. */
    public static Map<String, AttributeValue> eventListing(String eventId) {
        return key(EVENT_LISTING_PREFIX + Math.floorMod(eventId.hashCode(), EVENT_LISTING_PARTITIONS), eventId);
    }

    /** Hash keys of every listing partition; a Query on each lists all events. */
    public static List<String> eventListingPartitions() {
        return IntStream.range(0, EVENT_LISTING_PARTITIONS).mapToObj(n -> EVENT_LISTING_PREFIX + n).toList();
    }

    public static Map<String, AttributeValue> registration(String registrationId, String eventId) {
        return key(registrationId, eventId);
    }

    public static Map<String, AttributeValue> material(String materialId, String eventId) {
        return key(MATERIAL_PREFIX + materialId, eventId);
    }

    public static Map<String, AttributeValue> materialIndex(String eventId) {
        return key(MATERIAL_INDEX_PARTITION, eventId);
    }

    public static Map<String, AttributeValue> upload(String uploadId, String eventId) {
        return key(UPLOAD_PREFIX + uploadId, eventId);
    }

    public static Map<String, AttributeValue> emailGuard(String normalisedEmail, String eventId) {
        return key(EMAIL_GUARD_PREFIX + normalisedEmail, eventId);
    }

    public static Map<String, AttributeValue> notification(String registrationId, String key, String eventId) {
        return key(NOTIFICATION_PREFIX + registrationId + "#" + key, eventId);
    }

    public static Map<String, AttributeValue> lease(String name) {
        return key(LEASE_PREFIX + name, GLOBAL);
    }

    /** An event's unsharded counters of {@code kind} (rarely written, e.g. failed notifications), in the event's own partition. */
    public static Map<String, AttributeValue> counts(String kind, String eventId) {
        return key(COUNTS_PREFIX + kind + "#" + eventId, eventId);
    }

    /** A pending deletion, ranged by {@link PendingDeletionItem#deletionId()}. */
    public static Map<String, AttributeValue> pendingDeletion(String deletionId) {
        return key(PENDING_DELETIONS_PARTITION, deletionId);
    }

    /** One shard of an event's counters of {@code kind}; see {@link EventShards}. */
    public static Map<String, AttributeValue> counterShard(String kind, String eventId, int shard) {
        return key(COUNTS_PREFIX + kind + "#" + eventId + "#" + shard, eventId);
    }
}
