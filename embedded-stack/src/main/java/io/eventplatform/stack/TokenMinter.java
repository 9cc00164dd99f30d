package io.eventplatform.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.eventplatform.shared.auth.Roles;

/** Signs JWTs for the local stack's callers: what Cognito issues in AWS. */
public final class TokenMinter {

    /** Issuer the services expect by default ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "event-platform";
    /** Audience the services accept by default ({@code auth.audiences}). */
    public static final String AUDIENCE = "event-platform";

    private final KeyPairFiles keys;

    public TokenMinter(KeyPairFiles keys) {
        this.keys = keys;
    }

    /**
     * What to put in a token. {@code eventId} and {@code gate} only matter for kiosks. With a
     * {@code clientId} the token is shaped like a Cognito access token: {@code client_id} and
     * {@code token_use=access}, and no {@code aud}.
     */
    public record TokenRequest(String subject, List<String> roles, String eventId, String gate,
            Instant issuedAt, Duration lifetime, String audience, String clientId) {

        public TokenRequest(String subject, List<String> roles, String eventId, String gate, Instant issuedAt,
                Duration lifetime) {
            this(subject, roles, eventId, gate, issuedAt, lifetime, AUDIENCE, null);
        }

        public static TokenRequest forRole(String role, String eventId) {
            return new TokenRequest(role + "-" + UUID.randomUUID().toString().substring(0, 8), List.of(role),
                    eventId, Roles.KIOSK.equals(role) ? "gate-1" : null, Instant.now(), Duration.ofHours(12));
        }

        public TokenRequest withLifetime(Duration newLifetime) {
            return new TokenRequest(subject, roles, eventId, gate, issuedAt, newLifetime, audience, clientId);
        }

        public TokenRequest issuedAt(Instant when) {
            return new TokenRequest(subject, roles, eventId, gate, when, lifetime, audience, clientId);
        }

        public TokenRequest withGate(String newGate) {
            return new TokenRequest(subject, roles, eventId, newGate, issuedAt, lifetime, audience, clientId);
        }

        public TokenRequest withSubject(String newSubject) {
            return new TokenRequest(newSubject, roles, eventId, gate, issuedAt, lifetime, audience, clientId);
        }

        /** A token for another app client of the same issuer and key. */
        public TokenRequest withAudience(String newAudience) {
            return new TokenRequest(subject, roles, eventId, gate, issuedAt, lifetime, newAudience, null);
        }

        /** A Cognito-style access token of app client {@code newClientId}. */
        public TokenRequest asAccessTokenOf(String newClientId) {
            return new TokenRequest(subject, roles, eventId, gate, issuedAt, lifetime, null, newClientId);
        }
    }

    public String mint(TokenRequest request) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        if (request.audience() != null) {
            claims.setAudience(request.audience());
        }
        if (request.clientId() != null) {
            claims.setClaim("client_id", request.clientId());
            claims.setClaim("token_use", "access");
        }
        claims.setSubject(request.subject());
        claims.setClaim("upn", request.subject());
        claims.setStringListClaim("groups", request.roles());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromMilliseconds(request.issuedAt().toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(request.issuedAt().plus(request.lifetime()).toEpochMilli()));
        if (request.eventId() != null) {
            claims.setClaim(Roles.EVENT_CLAIM, request.eventId());
        }
        if (request.gate() != null) {
            claims.setClaim(Roles.GATE_CLAIM, request.gate());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.keyPair().getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new StackException("could not sign a token", e);
        }
    }

    /** A token for one role; kiosks need the event they are bound to. */
    public String mint(String role, String eventId) {
        return mint(TokenRequest.forRole(role, eventId));
    }
}
