package io.eventplatform.shared.ticket;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Ticket tokens: compact ES256 JWS (about 200 characters, a small QR code) with the
 * registration id in {@code sub} and the event id in {@code evt}. Asymmetric, so a kiosk can
 * verify a ticket offline with the public key alone.
 */
public final class TicketCodec {

    /** The request header in which an attendee presents its ticket, to every service. */
    public static final String HEADER = "X-Ticket";

    static final String ISSUER = "event-platform/tickets";
    static final String EVENT_CLAIM = "evt";

    private TicketCodec() {
    }

    public static String sign(TicketToken ticket, PrivateKey key) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(ticket.registrationId());
        claims.setClaim(EVENT_CLAIM, ticket.eventId());
        claims.setIssuedAt(NumericDate.fromSeconds(ticket.issuedAt().getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("ticket signing failed", e);
        }
    }

    /**
     * The public key as a JSON Web Key Set (RFC 7517): one EC P-256 key, {@code alg} ES256,
     * {@code kid} its RFC 7638 thumbprint. What kiosks fetch to verify tickets offline.
     */
    public static Map<String, Object> jwks(PublicKey key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jwk.setUse("sig");
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        } catch (JoseException e) {
            throw new IllegalStateException("the ticket key is not an EC key", e);
        }
    }

    /** The ticket a token proves, or {@link InvalidTicketException} if it proves nothing. */
    public static TicketToken verify(String token, PublicKey key) {
        if (token == null || token.isBlank() || token.length() > 2048) {
            throw new InvalidTicketException("The ticket token is missing or malformed.");
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setExpectedIssuer(ISSUER)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token.trim());
            String eventId = claims.getStringClaimValue(EVENT_CLAIM);
            if (eventId == null) {
                throw new InvalidTicketException("The ticket names no event.");
            }
            return new TicketToken(claims.getSubject(), eventId,
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new InvalidTicketException("The ticket token is not valid: it was altered or not issued by us.");
        }
    }
}
