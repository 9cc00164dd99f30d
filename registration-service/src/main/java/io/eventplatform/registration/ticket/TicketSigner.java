package io.eventplatform.registration.ticket;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketConfig;
import io.eventplatform.shared.ticket.TicketKeys;
import io.eventplatform.shared.ticket.TicketToken;
import io.quarkus.runtime.Startup;

/**
 * Signs ticket tokens with the EC private key. Loaded at startup: without a signing key this
 * service cannot issue a single ticket, so it refuses to start rather than fail on first use.
 */
@Startup
@ApplicationScoped
public class TicketSigner {

    private final PrivateKey key;
    private final Clock clock;

    public TicketSigner(TicketConfig config, Clock clock) {
        this.key = load(config);
        this.clock = clock;
    }

    public String sign(String registrationId, String eventId) {
        return TicketCodec.sign(new TicketToken(registrationId, eventId, clock.instant()), key);
    }

    private static PrivateKey load(TicketConfig config) {
        if (config.privateKey().isPresent()) {
            String inline = config.privateKey().get().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            try {
                return KeyFactory.getInstance("EC").generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(inline)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("TICKET_PRIVATE_KEY (ticket.private-key) is not a base64 PKCS#8 EC key", e);
            }
        }
        return TicketKeys.privateKey(config.privateKeyLocation().orElseThrow(() -> new IllegalStateException(
                "No ticket signing key: set TICKET_PRIVATE_KEY_LOCATION (ticket.private-key-location) to a PEM file "
                        + "or TICKET_PRIVATE_KEY (ticket.private-key) to the base64 PKCS#8 key")));
    }
}
