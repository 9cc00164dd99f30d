package io.eventplatform.registration.event;

/**
 * An event's registration counters, kept on the event item and changed in the same transaction
 * as every registration, cancellation and promotion, so they are exact.
 */
public record RegistrationCounts(long confirmed, long waitlisted, long cancelled) {

    public static final RegistrationCounts NONE = new RegistrationCounts(0, 0, 0);

    public long remaining(int capacity) {
        return Math.max(0, capacity - confirmed);
    }
}
