package io.eventplatform.checkin.checkin;

/** Every answer a scan can get; stored and sent lower-case ({@code already_checked_in}). */
public enum ScanOutcome {
    /** First check-in: the attendee is in. */
    CHECKED_IN(true),
    /** Checked in before (the answer says when and at which gate) and still inside. */
    ALREADY_CHECKED_IN(false),
    /** Entry scan of a checked-in attendee who had left. */
    RE_ENTERED(true),
    /** Exit scan: the attendee left the venue. */
    EXITED(true),
    /** Exit scan of an attendee who is not inside. */
    NOT_INSIDE(false),
    /** Exit scan of a registration never checked in. */
    NOT_CHECKED_IN(false),
    /** No registration with this id at this event. */
    UNKNOWN_REGISTRATION(false),
    /** The registration was cancelled. */
    CANCELLED(false),
    /** The registration is on the waitlist: no seat. */
    WAITLISTED(false),
    /** A valid ticket, but for another event. */
    WRONG_EVENT(false),
    /** Not a ticket we issued, or altered, or signed by a key we no longer verify with. */
    INVALID_TICKET(false),
    /** A genuine ticket past its expiry (its event is over). */
    TICKET_EXPIRED(false),
    /** A genuine ticket replaced by a re-issue (the lost one): only the newest ticket admits. */
    TICKET_REVOKED(false),
    /** Staff undid the first check-in (not a scan answer: the answer of an undo). */
    CHECK_IN_UNDONE(true);

    private final boolean changedState;

    ScanOutcome(boolean changedState) {
        this.changedState = changedState;
    }

    /** Whether this answer changed the registration (and the counters). */
    public boolean changedState() {
        return changedState;
    }

    public String value() {
        return name().toLowerCase();
    }

    public static ScanOutcome fromValue(String value) {
        return valueOf(value.toUpperCase());
    }
}
