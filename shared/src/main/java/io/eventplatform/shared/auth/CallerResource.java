package io.eventplatform.shared.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;

/**
 * {@code GET <service prefix>/caller}: what a token proves, so an app or kiosk can check its
 * credentials against any service before relying on them.
 */
@Path("/caller")
@Tag(name = "Caller")
public class CallerResource {

    private final JsonWebToken jwt;

    public CallerResource(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "getCaller", summary = "Who the bearer token says you are: subject, roles, bound event, expiry",
            description = "Answers what the service reads from a valid bearer token, so an app, kiosk or staff "
                    + "browser can check its credentials (role, bound event and gate, expiry) before relying on them.")
    public Caller caller() {
        return Caller.of(jwt);
    }
}
