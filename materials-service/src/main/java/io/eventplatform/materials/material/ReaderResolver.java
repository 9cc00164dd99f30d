package io.eventplatform.materials.material;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.shared.ticket.TicketVerifier;

/**
 * Turns a caller's credentials into its {@link ReaderAccess} at an event. A ticket must verify,
 * be for this event, be its registration's current ticket (not one a re-issue replaced) and name a
 * registration that is not cancelled; all of it is read strongly consistent, so a material unlocks
 * the moment the check-in is written and a lost ticket stops opening anything once re-issued.
 */
@ApplicationScoped
public class ReaderResolver {

    private final TicketVerifier tickets;
    private final MaterialRepository repository;

    public ReaderResolver(TicketVerifier tickets, MaterialRepository repository) {
        this.tickets = tickets;
        this.repository = repository;
    }

    public ReaderAccess resolve(String eventId, boolean organizer, String ticketToken) {
        if (organizer) {
            return ReaderAccess.ORGANIZER;
        }
        if (ticketToken == null || ticketToken.isBlank()) {
            return ReaderAccess.ANONYMOUS;
        }
        TicketToken ticket = tickets.verifyFor(ticketToken, eventId);
        RegistrationItem registration = repository.findRegistration(ticket.registrationId(), eventId)
                .orElseThrow(() -> new InvalidTicketException("This ticket's registration does not exist."));
        ticket.requireCurrent(registration.ticketVersion());
        if (registration.status() == RegistrationStatus.CANCELLED) {
            throw new InvalidTicketException("This ticket's registration was cancelled.");
        }
        boolean checkedIn = registration.status() == RegistrationStatus.CONFIRMED && registration.checkedInAt() != null;
        return checkedIn ? ReaderAccess.CHECKED_IN : ReaderAccess.ATTENDEE;
    }
}
