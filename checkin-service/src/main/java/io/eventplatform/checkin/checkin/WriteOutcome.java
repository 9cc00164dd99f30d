package io.eventplatform.checkin.checkin;

/** What a conditional check-in write did. */
public sealed interface WriteOutcome {

    /** The write and its counter update were committed together. */
    record Applied() implements WriteOutcome {
    }

    /** The registration was no longer as expected; {@code current} is how it is now (null if gone). */
    record Stale(Attendance current) implements WriteOutcome {
    }
}
