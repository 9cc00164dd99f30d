package io.eventplatform.registration.ticket;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.idempotency.Answer;
import io.eventplatform.registration.registration.RegistrationService;
import io.eventplatform.registration.registration.RegistrationView;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.shared.ticket.TicketVerifier;

/**
 * What a ticket holder may do: read and cancel the one registration the ticket names, while
 * the ticket is that registration's current one (a re-issue revokes the earlier ones).
 */
@ApplicationScoped
public class TicketService {

    private final TicketVerifier verifier;
    private final RegistrationService registrations;

    public TicketService(TicketVerifier verifier, RegistrationService registrations) {
        this.verifier = verifier;
        this.registrations = registrations;
    }

    /** The registration a ticket names; 401 for a tampered, foreign, expired or revoked ticket, 404 once it is gone. */
    public RegistrationView registration(String token) {
        return RegistrationView.of(current(verifier.verify(token)));
    }

    public Answer<RegistrationView> cancel(String token, String idempotencyKey) {
        return registrations.cancel(verifier.verify(token), idempotencyKey);
    }

    /** The verified token itself, which is what the QR code carries for kiosks to scan. */
    public String qrContent(String token) {
        current(verifier.verify(token));
        return token.trim();
    }

    private RegistrationItem current(TicketToken ticket) {
        RegistrationItem registration = registrations.find(ticket.eventId(), ticket.registrationId());
        ticket.requireCurrent(registration.ticketVersion());
        return registration;
    }
}
