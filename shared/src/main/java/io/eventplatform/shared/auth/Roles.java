package io.eventplatform.shared.auth;

/** The caller roles of ARCHITECTURE.md "Who may do what", as carried in the JWT {@code groups} claim. */
public final class Roles {

    /** Creates and edits events, sees registrations, uploads materials. */
    public static final String ORGANIZER = "organizer";
    /** Checks attendees in at the door, watches dashboards. */
    public static final String STAFF = "staff";
    /** A check-in kiosk; its token is bound to one event by the {@link #EVENT_CLAIM} claim. */
    public static final String KIOSK = "kiosk";

    /** JWT claim binding a kiosk token to one event. */
    public static final String EVENT_CLAIM = "event_id";
    /** JWT claim naming a kiosk's gate, shown on dashboards. */
    public static final String GATE_CLAIM = "gate";

    private Roles() {
    }
}
