package io.eventplatform.shared.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Whether a verified caller JWT was issued for this platform. One Cognito user pool signs the
 * tokens of every app client it has; the signature alone would let a token minted for any of
 * them (another product's, a test client's) act here.
 */
@ApplicationScoped
public class TokenAudience {

    /** Cognito's claim telling access tokens ({@value #ACCESS}) from ID tokens. */
    static final String TOKEN_USE = "token_use";
    static final String ACCESS = "access";
    static final String CLIENT_ID = "client_id";

    private final Set<String> accepted;

    public TokenAudience(AudienceConfig config) {
        this.accepted = Set.copyOf(config.audiences());
    }

    public boolean accepts(JsonWebToken jwt) {
        Set<String> audience = jwt.getAudience();
        if (audience != null && !audience.isEmpty()) {
            return audience.stream().anyMatch(accepted::contains);
        }
        // A Cognito access token names its app client in client_id instead of aud.
        return ACCESS.equals(jwt.getClaim(TOKEN_USE)) && accepted.contains((String) jwt.getClaim(CLIENT_ID));
    }
}
