package io.eventplatform.registration.registration;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.shared.auth.Roles;

/** Organizers finding an attendee's registrations across events. */
@Path("/registrations")
@Tag(name = "Registrations")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationSearchResource {

    private final RegistrationService registrations;

    public RegistrationSearchResource(RegistrationService registrations) {
        this.registrations = registrations;
    }

    @GET
    @Path("/by-email")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "findRegistrationsByEmail", summary = "Find registrations by attendee email, across events",
            description = "Every registration made with this email, at any event. It reads an index, so a "
                    + "registration made a moment ago may not be listed yet.")
    public List<RegistrationView> byEmail(
            @Parameter(example = "ada@example.org") @QueryParam("email") @NotBlank @Email @Size(max = 254) String email) {
        return registrations.byEmail(email);
    }
}
