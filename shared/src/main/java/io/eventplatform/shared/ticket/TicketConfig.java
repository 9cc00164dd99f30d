package io.eventplatform.shared.ticket;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the ticket keys are: every service verifies, only registration-service signs. */
@ConfigMapping(prefix = "ticket")
public interface TicketConfig {

    /**
     * The EC P-256 public keys that verify tickets ({@code TICKET_PUBLIC_KEY_LOCATION}): a
     * comma-separated list of file paths or URLs, each a PEM file (one or more {@code PUBLIC KEY}
     * blocks) or a JWKS. During a key rotation it lists the old and the new key; tickets name
     * theirs by {@code kid}, and the JWKS that kiosks fetch publishes all of them.
     */
    @WithDefault("file:.data/keys/ticket-public.pem")
    List<String> publicKeyLocation();

    /**
     * The same keys inline ({@code TICKET_PUBLIC_KEY}): one line of base64 DER (X.509), PEM text
     * with one or more blocks, or a JWKS. Wins over the location.
     */
    Optional<String> publicKey();

    /**
     * PEM (PKCS#8) EC P-256 private key that signs tickets ({@code TICKET_PRIVATE_KEY_LOCATION});
     * registration-service only. Its public key must be among the verification keys.
     */
    Optional<String> privateKeyLocation();

    /**
     * The same private key inline, as one line of base64 DER (PKCS#8) or PEM text
     * ({@code TICKET_PRIVATE_KEY}): how an SSM SecureString hands it over. Wins over the location.
     */
    Optional<String> privateKey();

    /**
     * How long after its event ends a ticket still works ({@code TICKET_EXPIRY_GRACE}, ISO-8601
     * duration): its {@code exp} is the event's end plus this. Registration-service only.
     */
    @WithDefault("P1D")
    Duration expiryGrace();
}
