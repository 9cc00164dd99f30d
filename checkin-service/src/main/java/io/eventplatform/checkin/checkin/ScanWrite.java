package io.eventplatform.checkin.checkin;

import java.time.Instant;

/**
 * What a scan writes on the registration besides the state change.
 *
 * @param at when it was accepted: now, or for an offline scan the time the kiosk scanned it
 * @param gate the kiosk's gate, or the staff member's stated gate
 * @param by subject of the kiosk or staff member
 * @param requestKey kiosk subject and client request id (or a unique staff call id)
 * @param outcome the answer this write stands for, remembered for resends
 * @param ticketVersion the scanned ticket's version, which the registration must still carry; null
 *        for scans by registration id (staff at a desk), which no ticket vouches for
 * @param offline whether a kiosk admitted this scan while offline (it carries its scan time)
 */
public record ScanWrite(Instant at, String gate, String by, String requestKey, ScanOutcome outcome, Long ticketVersion,
        boolean offline) {

    public ScanWrite(Instant at, String gate, String by, String requestKey, ScanOutcome outcome, Long ticketVersion) {
        this(at, gate, by, requestKey, outcome, ticketVersion, false);
    }

    /** This scan as the conflict it becomes when an earlier admission of the same ticket wins. */
    ConflictingScan asConflict() {
        return new ConflictingScan(at, gate, by, requestKey);
    }
}
