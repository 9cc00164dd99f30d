package io.eventplatform.shared.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/** Refuses (401) a REST caller whose verified JWT was issued for another app client. */
@ApplicationScoped
public class AudienceCheck implements SecurityIdentityAugmentor {

    private final TokenAudience audience;

    public AudienceCheck(TokenAudience audience) {
        this.audience = audience;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || audience.accepts(jwt)) {
            return Uni.createFrom().item(identity);
        }
        Log.debugf("token of %s refused: audience %s, client_id %s", jwt.getSubject(), jwt.getAudience(),
                jwt.getClaim(TokenAudience.CLIENT_ID));
        return Uni.createFrom().failure(new AuthenticationFailedException("token issued for another client"));
    }
}
