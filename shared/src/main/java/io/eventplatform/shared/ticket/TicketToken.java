package io.eventplatform.shared.ticket;

import java.time.Instant;

/**
 * What a ticket proves once its signature checks out: which registration, at which event.
 *
 * @param registrationId the registration it admits
 * @param eventId the event it is for
 * @param issuedAt when it was signed
 */
public record TicketToken(String registrationId, String eventId, Instant issuedAt) {
}
