package io.eventplatform.registration.ticket;

import java.security.PrivateKey;
import java.time.Clock;

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
        return TicketKeys.privateKey(config);
    }
}
