package io.eventplatform.shared.item;

/** Where a registration stands; stored lower-case in {@code status}. */
public enum RegistrationStatus {
    /** Holds a seat. */
    CONFIRMED,
    /** Waits for a seat; promoted oldest first when one frees up. */
    WAITLISTED,
    /** Gave its seat (or waitlist place) back. */
    CANCELLED;

    public String value() {
        return name().toLowerCase();
    }

    public static RegistrationStatus fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
