package io.eventplatform.shared.ticket;

import java.time.Instant;

/**
 * What a ticket proves once its signature checks out: which registration, at which event, and
 * which issue of its ticket.
 *
 * @param registrationId the registration it admits ({@code sub})
 * @param eventId the event it is for ({@code evt})
 * @param version the registration's ticket version when it was signed ({@code ver}); a re-issue
 *        bumps the version on the registration, which revokes every ticket signed before
 * @param issuedAt when it was signed ({@code iat})
 * @param expiresAt when it stops working ({@code exp}): the event's end plus a grace
 */
public record TicketToken(String registrationId, String eventId, long version, Instant issuedAt, Instant expiresAt) {

    /**
     * Refuses a ticket that a re-issue has replaced: only the newest issue, whose version the
     * registration carries, is accepted.
     */
    public void requireCurrent(long currentVersion) {
        if (version != currentVersion) {
            throw InvalidTicketException.revoked();
        }
    }
}
