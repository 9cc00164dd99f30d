package io.eventplatform.registration.event;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.registration.idempotency.Answers;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.http.ConditionalGet;
import io.eventplatform.shared.http.SharedCache;
import io.quarkus.security.identity.SecurityIdentity;

/** Events: organizers create, edit, publish and close them; anyone lists the published ones. */
@Path("/events")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    /** Seconds CloudFront and apps may reuse an anonymous event answer: seats left may be this stale. */
    static final int PUBLIC_MAX_AGE = 30;

    private final EventService events;
    private final SecurityIdentity identity;

    public EventResource(EventService events, SecurityIdentity identity) {
        this.events = events;
        this.identity = identity;
    }

    @GET
    @ConditionalGet
    @SharedCache(maxAge = PUBLIC_MAX_AGE)
    @Parameter(ref = ConditionalGet.PARAMETER)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "jwt"))
    @Operation(operationId = "listEvents", summary = "List events: published ones with remaining seats; organizers (with a token) see all",
            description = "Anyone may call it. Without a token (or with a non-organizer one) it lists published events "
                    + "with their remaining seats; an organizer's token adds drafts and closed events.")
    public List<EventView> list() {
        return events.list(isOrganizer());
    }

    @GET
    @Path("/{eventId}")
    @ConditionalGet
    @SharedCache(maxAge = PUBLIC_MAX_AGE)
    @Parameter(ref = ConditionalGet.PARAMETER)
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = "jwt"))
    @Operation(operationId = "getEvent", summary = "One event; drafts only for organizers",
            description = "A published or closed event for anyone; a draft only with an organizer's token "
                    + "(otherwise 404, as if it did not exist).")
    @APIResponse(responseCode = "200", description = "The event")
    @APIResponse(responseCode = "404", description = "No such (visible) event")
    public EventView get(@PathParam("eventId") String eventId) {
        return events.find(eventId, isOrganizer());
    }

    @POST
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "createEvent", summary = "Create an event (as a draft)",
            description = "Creates a draft that only organizers see until it is published. Repeat with the same "
                    + "Idempotency-Key and body to get the same answer instead of a second event.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, listed in violations")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body")
    public Response create(@Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey,
            @Valid @NotNull EventRequest request) {
        return Answers.response(events.create(request, idempotencyKey));
    }

    @PUT
    @Path("/{eventId}")
    @RolesAllowed(Roles.ORGANIZER)
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "updateEvent", summary = "Replace an event's content; raising capacity promotes waitlisted registrations",
            description = "Replaces every field. Capacity may not drop below the confirmed registrations; raising it "
                    + "confirms waitlisted registrations oldest first.")
    @APIResponse(responseCode = "200", description = "Updated", content = @Content(schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "409", description = "Closed event, or capacity below confirmed seats")
    public Response update(@PathParam("eventId") String eventId,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey,
            @Valid @NotNull EventRequest request) {
        return Answers.response(events.update(eventId, request, idempotencyKey));
    }

    @POST
    @Path("/{eventId}/publish")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "publishEvent", summary = "Publish a draft: attendees see it and may register within its window",
            description = "Makes the event visible to everyone; registration opens and closes with its window. "
                    + "Publishing a published event changes nothing.")
    @APIResponse(responseCode = "200", description = "Published", content = @Content(schema = @Schema(implementation = EventView.class)))
    @APIResponse(responseCode = "409", description = "The event is closed")
    public Response publish(@PathParam("eventId") String eventId,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey) {
        return Answers.response(events.publish(eventId, idempotencyKey));
    }

    @POST
    @Path("/{eventId}/close")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "closeEvent", summary = "Close an event: no more registrations; cancellations still promote the waitlist",
            description = "Stops registration for good; the event stays listed. Closing a closed event changes nothing.")
    @APIResponse(responseCode = "200", description = "Closed", content = @Content(schema = @Schema(implementation = EventView.class)))
    public Response close(@PathParam("eventId") String eventId,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey) {
        return Answers.response(events.close(eventId, idempotencyKey));
    }

    @GET
    @Path("/{eventId}/counts")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "getEventCounts", summary = "Confirmed, waitlisted and cancelled registrations and remaining seats",
            description = "Exact counts, summed from the event's sharded counters.")
    public CountsView counts(@PathParam("eventId") String eventId) {
        return events.counts(eventId);
    }

    private boolean isOrganizer() {
        return !identity.isAnonymous() && identity.hasRole(Roles.ORGANIZER);
    }
}
