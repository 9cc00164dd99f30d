package io.eventplatform.shared.ticket;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verifies ticket tokens with the configured public keys, picking each ticket's key by its
 * {@code kid}; the keys are read once, at first use. Whether a ticket is the registration's
 * current one is the caller's check ({@link TicketToken#requireCurrent}), on the item it reads anyway.
 */
@ApplicationScoped
public class TicketVerifier {

    private final TicketConfig config;
    private volatile Map<String, PublicKey> keys;

    public TicketVerifier(TicketConfig config) {
        this.config = config;
    }

    /** The ticket a token proves, or {@link InvalidTicketException}. */
    public TicketToken verify(String token) {
        return TicketCodec.verify(token, keys());
    }

    /** Like {@link #verify(String)}, and the ticket must be for {@code eventId}. */
    public TicketToken verifyFor(String token, String eventId) {
        TicketToken ticket = verify(token);
        if (!ticket.eventId().equals(eventId)) {
            throw new InvalidTicketException("This ticket is for another event.");
        }
        return ticket;
    }

    /** Every key that verifies tickets (old and new during a rotation), for kiosks that verify offline. */
    public Collection<PublicKey> publicKeys() {
        return keys().values();
    }

    private Map<String, PublicKey> keys() {
        Map<String, PublicKey> current = keys;
        if (current == null) {
            Map<String, PublicKey> byId = new LinkedHashMap<>();
            TicketKeys.publicKeys(config).forEach(key -> byId.put(TicketCodec.keyId(key), key));
            current = java.util.Collections.unmodifiableMap(byId);
            keys = current;
        }
        return current;
    }
}
