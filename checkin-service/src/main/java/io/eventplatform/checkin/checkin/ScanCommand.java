package io.eventplatform.checkin.checkin;

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
 */
public record ScanCommand(String eventId, String ticket, String registrationId, ScanDirection direction, String gate,
        String by, String requestKey) {
}
