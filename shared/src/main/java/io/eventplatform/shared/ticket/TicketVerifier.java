package io.eventplatform.shared.ticket;

import java.security.PublicKey;

import jakarta.enterprise.context.ApplicationScoped;

/** Verifies ticket tokens with the configured public key; the key is read once, at first use. */
@ApplicationScoped
public class TicketVerifier {

    private final TicketConfig config;
    private volatile PublicKey key;

    public TicketVerifier(TicketConfig config) {
        this.config = config;
    }

    /** The ticket a token proves, or {@link InvalidTicketException}. */
    public TicketToken verify(String token) {
        return TicketCodec.verify(token, key());
    }

    /** Like {@link #verify(String)}, and the ticket must be for {@code eventId}. */
    public TicketToken verifyFor(String token, String eventId) {
        TicketToken ticket = verify(token);
        if (!ticket.eventId().equals(eventId)) {
            throw new InvalidTicketException("This ticket is for another event.");
        }
        return ticket;
    }

    /** The key that verifies tickets, for publishing to kiosks that verify offline. */
    public PublicKey publicKey() {
        return key();
    }

    private PublicKey key() {
        PublicKey current = key;
        if (current == null) {
            current = TicketKeys.publicKey(config);
            key = current;
        }
        return current;
    }
}
