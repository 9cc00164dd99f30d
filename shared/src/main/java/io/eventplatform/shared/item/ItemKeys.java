package io.eventplatform.shared.item;

import java.util.Map;

import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How each kind of item is keyed in the single table. The hash key is {@code registration_id}
 * and the range key {@code event_id} for every kind; kinds other than registrations use a
 * prefixed hash key so they never collide with a registration id.
 */
public final class ItemKeys {

    /** Every event shares this hash key, so one Query lists all events. */
    public static final String EVENT_PARTITION = "EVENT";
    /** Prefix of an event's materials: {@code MATERIAL#<materialId>}. */
    public static final String MATERIAL_PREFIX = "MATERIAL#";
    /** Hash key of an event's material index: {@code (MATERIALS, eventId)} lists its material ids. */
    public static final String MATERIAL_INDEX_PARTITION = "MATERIALS";
    /** Prefix of a pending presigned upload: {@code UPLOAD#<uploadId>}. */
    public static final String UPLOAD_PREFIX = "UPLOAD#";
    /** Prefix of the one-active-registration-per-email guard: {@code EMAIL#<normalised email>}. */
    public static final String EMAIL_GUARD_PREFIX = "EMAIL#";
    /** Prefix of an event's counters item: {@code COUNTS#<kind>}. */
    public static final String COUNTS_PREFIX = "COUNTS#";
    /** Prefix of a remembered idempotent answer: {@code IDEMPOTENCY#<scope>#<key>}. */
    public static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";

    /** Prefix of an attendee notification: {@code NOTIFICATION#<registrationId>#<key>}. */
    public static final String NOTIFICATION_PREFIX = "NOTIFICATION#";
    /** Prefix of a lease: {@code LEASE#<name>}, range key {@link #GLOBAL}. */
    public static final String LEASE_PREFIX = "LEASE#";
    /** Range key of the few items that belong to no event (leases). */
    public static final String GLOBAL = "GLOBAL";

    private ItemKeys() {
    }

    public static Map<String, AttributeValue> key(String hash, String eventId) {
        return Map.of(TableSchema.REGISTRATION_ID, Attributes.s(hash), TableSchema.EVENT_ID, Attributes.s(eventId));
    }

    public static Map<String, AttributeValue> event(String eventId) {
        return key(EVENT_PARTITION, eventId);
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

    public static Map<String, AttributeValue> counts(String kind, String eventId) {
        return key(COUNTS_PREFIX + kind, eventId);
    }
}
