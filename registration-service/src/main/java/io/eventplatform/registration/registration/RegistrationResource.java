package io.eventplatform.registration.registration;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.registration.idempotency.Answers;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.ratelimit.RateLimited;

/** Registering for an event (public) and managing an event's registrations (organizers). */
@Path("/events/{eventId}/registrations")
@Tag(name = "Registrations")
@Produces(MediaType.APPLICATION_JSON)
public class RegistrationResource {

    private final RegistrationService registrations;
    private final CsvExport csv;

    public RegistrationResource(RegistrationService registrations, CsvExport csv) {
        this.registrations = registrations;
        this.csv = csv;
    }

    @POST
    @RateLimited("registrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerAttendee", summary = "Register for a published event; answers 201 with the registration and its ticket token",
            description = "The registration is confirmed while seats are free, else waitlisted (or refused with 409 "
                    + "event-full if the event has no waitlist). One active registration per email per event: a second "
                    + "one is 409 already-registered.")
    @APIResponse(responseCode = "201", description = "Registered (confirmed or waitlisted)",
            content = @Content(schema = @Schema(implementation = RegistrationReceipt.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields or answers, listed in violations")
    @APIResponse(responseCode = "404", description = "No such published event")
    @APIResponse(responseCode = "409", description = "already-registered, event-full, registration-closed or registration-not-open")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body")
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    public Response register(@PathParam("eventId") String eventId,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey,
            @Valid @NotNull RegistrationRequest request) {
        return Answers.response(registrations.register(eventId, request, idempotencyKey));
    }

    @GET
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "listRegistrations", summary = "An event's registrations, a page at a time, by registration date or of one state",
            description = "Pages of at most `limit` registrations; pass the answer's nextCursor as `cursor` for the next "
                    + "page, until it is absent.")
    @APIResponse(responseCode = "200", description = "A page; pass nextCursor as cursor for the next")
    @APIResponse(responseCode = "400", description = "Invalid limit, status, order or cursor")
    public RegistrationPage list(@PathParam("eventId") String eventId,
            @Parameter(description = "Only registrations in this state", example = "waitlisted")
            @QueryParam("status") @Pattern(regexp = "confirmed|waitlisted|cancelled|checked_in",
                    message = "must be confirmed, waitlisted, cancelled or checked_in") String status,
            @Parameter(description = "newest (default) or oldest first", example = "newest")
            @QueryParam("order") @DefaultValue("newest") @Pattern(regexp = "newest|oldest",
                    message = "must be newest or oldest") String order,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") @Size(max = 1024) String cursor,
            @Parameter(example = "50") @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return registrations.page(eventId, status, order.equals("newest"), cursor, limit);
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "exportRegistrations", summary = "Export an event's registrations as CSV (UTF-8, RFC 4180), streamed as it is read",
            description = "Every registration of the event, one row each, with one column per custom question; "
                    + "sent as a download (Content-Disposition: attachment).")
    @APIResponse(responseCode = "200", description = "CSV, one row per registration, one column per question",
            content = @Content(mediaType = "text/csv", examples = @ExampleObject(name = "export",
                    value = "registration_id,status,check_in_state,name,email,registered_at,checked_in_at,Dietary requirements\r\n"
                            + "0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f,confirmed,confirmed,\"Lovelace, Ada\",ada@example.org,"
                            + "2026-11-22T09:30:00.120Z,,vegan\r\n")))
    public Response export(@PathParam("eventId") String eventId) {
        EventItem event = csv.event(eventId);
        StreamingOutput body = out -> csv.write(event,
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024));
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"registrations-" + eventId + ".csv\"")
                .build();
    }

    @POST
    @Path("/{registrationId}/cancel")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "cancelRegistration", summary = "Cancel any registration; a freed seat goes to the oldest waitlisted registration",
            description = "The organizer's cancel, for any registration of the event. Cancelling a cancelled "
                    + "registration changes nothing; a checked-in one cannot be cancelled.")
    @APIResponse(responseCode = "200", description = "Cancelled (or already was)",
            content = @Content(schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "409", description = "Already checked in")
    public Response cancel(@PathParam("eventId") String eventId, @PathParam("registrationId") String registrationId,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey) {
        return Answers.response(registrations.cancel(eventId, registrationId, idempotencyKey));
    }

    @GET
    @Path("/{registrationId}")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "getRegistration", summary = "One registration",
            description = "A registration of this event, with its state and answers.")
    public RegistrationView get(@PathParam("eventId") String eventId, @PathParam("registrationId") String registrationId) {
        return RegistrationView.of(registrations.find(eventId, registrationId));
    }

    // POST, not GET: re-issuing revokes the previous ticket, which no prefetch or retried GET may do.
    @POST
    @Path("/{registrationId}/ticket")
    @RolesAllowed(Roles.ORGANIZER)
    @SecurityRequirement(name = "jwt")
    @Operation(operationId = "reissueTicket", summary = "Re-issue a registration's ticket token, for an attendee who lost it",
            description = "Bumps the registration's ticket version: every ticket issued before (the lost one "
                    + "included) is refused from now on, everywhere, with ticket-revoked. Each call mints a new "
                    + "ticket and revokes the previous ones; pass on the newest.")
    @APIResponse(responseCode = "200", description = "The new ticket",
            content = @Content(schema = @Schema(implementation = TicketView.class)))
    @APIResponse(responseCode = "404", description = "No such registration at this event")
    public TicketView ticket(@PathParam("eventId") String eventId, @PathParam("registrationId") String registrationId) {
        return registrations.reissueTicket(eventId, registrationId);
    }
}
