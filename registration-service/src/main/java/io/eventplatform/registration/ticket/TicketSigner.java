package io.eventplatform.registration.ticket;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketConfig;
import io.eventplatform.shared.ticket.TicketKeys;
import io.eventplatform.shared.ticket.TicketToken;
import io.quarkus.runtime.Startup;

/**
 * Signs ticket tokens with the EC private key, naming it by {@code kid}. Loaded at startup:
 * without a signing key, or with one whose public key no verifier holds, this service cannot
 * issue a ticket anyone accepts, so it refuses to start rather than fail on first use.
 */
@Startup
@ApplicationScoped
public class TicketSigner {

    private final PrivateKey key;
    private final String keyId;
    private final Duration expiryGrace;
    private final Clock clock;

    public TicketSigner(TicketConfig config, Clock clock) {
        this.key = TicketKeys.privateKey(config);
        this.keyId = TicketCodec.keyId(TicketKeys.publicKeyOf(key, TicketKeys.publicKeys(config)));
        this.expiryGrace = config.expiryGrace();
        this.clock = clock;
    }

    /** A ticket for the registration's current ticket version, working until the event's end plus the grace. */
    public String sign(RegistrationItem registration, Instant eventEndsAt) {
        return TicketCodec.sign(new TicketToken(registration.registrationId(), registration.eventId(),
                registration.ticketVersion(), clock.instant(), eventEndsAt.plus(expiryGrace)), key, keyId);
    }
}
