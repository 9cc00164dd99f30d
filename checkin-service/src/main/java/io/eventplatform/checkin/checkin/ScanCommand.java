package io.eventplatform.checkin.checkin;

import java.time.Instant;

/**
 * One scan to apply, from a kiosk socket or the staff REST API.
 *
 * @param eventId the event the scanner works for
 * @param ticket the ticket token, or null when {@code registrationId} is given
 * @param registrationId the registration, or null when {@code ticket} is given
 * @param direction entry or exit
 * @param gate where it happened
 * @param by subject of the kiosk or staff member
 * @param requestKey unique per client request; a resend with the same key gets the same answer
 * @param scannedAt when a kiosk that was offline scanned it (it admitted the ticket on its own), or
 *        null for a scan answered now
 */
public record ScanCommand(String eventId, String ticket, String registrationId, ScanDirection direction, String gate,
        String by, String requestKey, Instant scannedAt) {

    public ScanCommand(String eventId, String ticket, String registrationId, ScanDirection direction, String gate,
            String by, String requestKey) {
        this(eventId, ticket, registrationId, direction, gate, by, requestKey, null);
    }

    /** Whether a kiosk admitted this scan offline and syncs it now. */
    public boolean offline() {
        return scannedAt != null;
    }
}
