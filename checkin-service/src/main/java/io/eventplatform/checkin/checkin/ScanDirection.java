package io.eventplatform.checkin.checkin;

/** Which way a scan goes through the gate. */
public enum ScanDirection {
    /** Into the venue: the first one checks in, later ones re-enter. */
    ENTRY,
    /** Out of the venue: only occupancy changes. */
    EXIT;

    public String value() {
        return name().toLowerCase();
    }
}
