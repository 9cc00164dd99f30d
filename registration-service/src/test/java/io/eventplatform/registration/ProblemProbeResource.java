package io.eventplatform.registration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/**
 * Test-only endpoint that exercises the shared problem+json mapping (role checks, JSON parsing,
 * Bean Validation) independently of any feature's own endpoints.
 */
@Path("/test-probe")
public class ProblemProbeResource {

    public record ProbeRequest(@NotBlank String name, @Email @NotBlank String email, @Min(1) int seats) {
    }

    // Not part of the API: kept out of the document the tests validate against.
    @POST
    @Operation(hidden = true)
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.APPLICATION_JSON)
    public ProbeRequest echo(@Valid ProbeRequest request) {
        return request;
    }

    @POST
    @Path("/unavailable")
    @Operation(hidden = true)
    public void unavailable() {
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE, "Contended; try again.");
    }
}
