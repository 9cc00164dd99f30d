package io.eventplatform.shared.ticket;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the ticket keys are: every service verifies, only registration-service signs. */
@ConfigMapping(prefix = "ticket")
public interface TicketConfig {

    /** PEM (X.509) EC P-256 public key that verifies tickets ({@code TICKET_PUBLIC_KEY_LOCATION}): file path or URL. */
    @WithDefault("file:.data/keys/ticket-public.pem")
    String publicKeyLocation();

    /** PEM (PKCS#8) EC P-256 private key that signs tickets ({@code TICKET_PRIVATE_KEY_LOCATION}); registration-service only. */
    Optional<String> privateKeyLocation();

    /**
     * The same private key inline, as one line of base64 DER (PKCS#8) or PEM text
     * ({@code TICKET_PRIVATE_KEY}): how an SSM SecureString hands it over. Wins over the location.
     */
    Optional<String> privateKey();
}
