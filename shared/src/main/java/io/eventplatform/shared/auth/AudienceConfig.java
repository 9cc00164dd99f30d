package io.eventplatform.shared.auth;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which app clients' JWTs the services accept ({@link TokenAudience}). */
@ConfigMapping(prefix = "auth")
public interface AudienceConfig {

    /** The local platform's tokens carry this {@code aud}. */
    String LOCAL_AUDIENCE = "event-platform";

    /**
     * The app clients this platform trusts ({@code AUTH_AUDIENCES}, comma-separated): a caller JWT's
     * {@code aud} must name one, or, for a Cognito access token ({@code token_use} = {@code access},
     * which has no {@code aud}), its {@code client_id} must be one. With Cognito: the user pool app
     * client ids of the staff app, the kiosk app and the organizer console.
     */
    @WithDefault(LOCAL_AUDIENCE)
    List<String> audiences();
}
