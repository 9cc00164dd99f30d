package io.eventplatform.shared.ticket;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Ticket tokens: compact ES256 JWS (about 300 characters, a small QR code). Header {@code kid} =
 * RFC 7638 thumbprint of the signing key, so verifiers pick the key during a rotation; claims
 * {@code sub} registration id, {@code evt} event id, {@code ver} ticket version, {@code iat},
 * {@code exp}. Asymmetric, so a kiosk can verify a ticket offline with the public keys alone.
 */
public final class TicketCodec {

    /** The request header in which an attendee presents its ticket, to every service. */
    public static final String HEADER = "X-Ticket";

    static final String ISSUER = "event-platform/tickets";
    static final String EVENT_CLAIM = "evt";
    static final String VERSION_CLAIM = "ver";
    /** Kiosk and server clocks drift; a ticket is not refused for a minute of it. */
    private static final int CLOCK_SKEW_SECONDS = 60;

    /**
     * ECDSA through BouncyCastle: JDK 17's own P-256 code took 5.8 ms to verify one ticket on these
     * machines, BouncyCastle's 1.6 ms; every scan verifies one, every registration signs one.
     * Services register the provider at build time ({@code quarkus.security.security-providers=BC},
     * which native images need); plain JVMs (tools, tests) get it here.
     */
    private static final ProviderContext CRYPTO = bouncyCastle();

    private TicketCodec() {
    }

    private static ProviderContext bouncyCastle() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        ProviderContext context = new ProviderContext();
        context.getSuppliedKeyProviderContext().setSignatureProvider(BouncyCastleProvider.PROVIDER_NAME);
        context.getGeneralProviderContext().setSignatureProvider(BouncyCastleProvider.PROVIDER_NAME);
        return context;
    }

    public static String sign(TicketToken ticket, PrivateKey key, String keyId) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(ticket.registrationId());
        claims.setClaim(EVENT_CLAIM, ticket.eventId());
        claims.setClaim(VERSION_CLAIM, ticket.version());
        claims.setIssuedAt(NumericDate.fromSeconds(ticket.issuedAt().getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(ticket.expiresAt().getEpochSecond()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(keyId);
        jws.setProviderContext(CRYPTO);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("ticket signing failed", e);
        }
    }

    /** The key's RFC 7638 thumbprint (SHA-256, base64url): its {@code kid} in tickets and the JWKS. */
    public static String keyId(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException("the ticket key is not an EC key", e);
        }
    }

    /**
     * The public keys as a JSON Web Key Set (RFC 7517): EC P-256 keys, {@code alg} ES256,
     * {@code kid} their thumbprints. What kiosks fetch to verify tickets offline; during a key
     * rotation it holds the old and the new key.
     */
    public static Map<String, Object> jwks(Collection<PublicKey> keys) {
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (PublicKey key : keys) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
                jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
                jwk.setUse("sig");
                jwk.setKeyId(keyId(key));
                jwks.add(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } catch (JoseException e) {
                throw new IllegalStateException("the ticket key is not an EC key", e);
            }
        }
        return Map.of("keys", List.copyOf(jwks));
    }

    /**
     * The ticket a token proves, verified with the key its {@code kid} names among {@code keysById};
     * else {@link InvalidTicketException} (of type expired past its {@code exp}). The version is
     * not checked here: only the registration knows the current one ({@link TicketToken#requireCurrent}).
     */
    public static TicketToken verify(String token, Map<String, PublicKey> keysById) {
        if (token == null || token.isBlank() || token.length() > 2048) {
            throw new InvalidTicketException("The ticket token is missing or malformed.");
        }
        String compact = token.trim();
        String keyId = keyIdOf(compact);
        PublicKey key = keyId == null ? null : keysById.get(keyId);
        if (key == null) {
            // Tickets signed before key ids, or by a key retired after a rotation, land here.
            throw new InvalidTicketException(
                    "The ticket was not signed by a current ticket key; ask for it to be re-issued.");
        }
        var consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsProviderContext(CRYPTO)
                .setExpectedIssuer(ISSUER)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(compact);
            String eventId = claims.getStringClaimValue(EVENT_CLAIM);
            if (eventId == null) {
                throw new InvalidTicketException("The ticket names no event.");
            }
            Long version = claims.getClaimValue(VERSION_CLAIM, Long.class);
            if (version == null || version < 1) {
                throw new InvalidTicketException("The ticket carries no version; ask for it to be re-issued.");
            }
            return new TicketToken(claims.getSubject(), eventId, version,
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (InvalidJwtException e) {
            // Signature and issuer are checked before expiry, so only a genuine ticket reads as expired.
            if (e.hasExpired()) {
                throw InvalidTicketException.expired();
            }
            throw new InvalidTicketException("The ticket token is not valid: it was altered or not issued by us.");
        } catch (MalformedClaimException e) {
            throw new InvalidTicketException("The ticket token is not valid: it was altered or not issued by us.");
        }
    }

    private static String keyIdOf(String compact) {
        try {
            return JsonWebStructure.fromCompactSerialization(compact).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new InvalidTicketException("The ticket token is missing or malformed.");
        }
    }
}
