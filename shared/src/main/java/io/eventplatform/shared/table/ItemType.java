package io.eventplatform.shared.table;

/**
 * The kinds of item in the single table, stored in {@link TableSchema#ITEM_TYPE}. Stream consumers
 * use it to turn a record into a domain event without knowing which service wrote it.
 */
public enum ItemType {
    EVENT("event"),
    /** An event's entry in its listing partition ({@code EVENTS#<n>}): keys only. */
    EVENT_LISTING("event-listing"),
    REGISTRATION("registration"),
    MATERIAL("material"),
    /** The list of an event's material ids, so one read finds them all. */
    MATERIAL_INDEX("material-index"),
    /** A presigned upload handed out and not yet confirmed; expires through {@code ttl}. */
    UPLOAD("upload"),
    /** Uniqueness guard, e.g. one active registration per email per event. */
    GUARD("guard"),
    /** Counters; an event's check-in counters are sharded (see {@code EventShards}). */
    COUNTER("counter"),
    /** Remembered answer of an idempotent write. */
    IDEMPOTENCY("idempotency"),
    /** A bucket object (a CDN copy, or a version a failed write left) to delete, retried until it is gone. */
    PENDING_DELETION("pending-deletion"),
    /** An attendee email to send (the outbox): written in the transaction of the change it tells of. */
    NOTIFICATION("notification"),
    /** Who may read the change feed for a singleton consumer (the notification sender), until when. */
    LEASE("lease");

    private final String value;

    ItemType(String value) {
        this.value = value;
    }

    /** The value stored in the table. */
    public String value() {
        return value;
    }

    /** The item type for a stored value, or {@code null} when the value is unknown. */
    public static ItemType fromValue(String value) {
        for (ItemType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
