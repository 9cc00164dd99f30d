package io.eventplatform.registration.ticket;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.idempotency.Answer;
import io.eventplatform.registration.registration.RegistrationService;
import io.eventplatform.registration.registration.RegistrationView;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.shared.ticket.TicketVerifier;

/** What a ticket holder may do: read and cancel the one registration the ticket names. */
@ApplicationScoped
public class TicketService {

    private final TicketVerifier verifier;
    private final RegistrationService registrations;

    public TicketService(TicketVerifier verifier, RegistrationService registrations) {
        this.verifier = verifier;
        this.registrations = registrations;
    }

    /** The registration a ticket names; 401 for a tampered or foreign ticket, 404 once it is gone. */
    public RegistrationView registration(String token) {
        TicketToken ticket = verifier.verify(token);
        return RegistrationView.of(registrations.find(ticket.eventId(), ticket.registrationId()));
    }

    public Answer<RegistrationView> cancel(String token, String idempotencyKey) {
        TicketToken ticket = verifier.verify(token);
        return registrations.cancel(ticket.eventId(), ticket.registrationId(), idempotencyKey);
    }

    /** The verified token itself, which is what the QR code carries for kiosks to scan. */
    public String qrContent(String token) {
        TicketToken ticket = verifier.verify(token);
        registrations.find(ticket.eventId(), ticket.registrationId());
        return token.trim();
    }
}
