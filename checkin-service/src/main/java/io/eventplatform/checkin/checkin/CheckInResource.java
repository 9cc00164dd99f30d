package io.eventplatform.checkin.checkin;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.checkin.live.LiveEvents;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.openapi.ApiDocumentFilter;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.ratelimit.RateLimited;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.quarkus.security.ForbiddenException;

/** Check-in commands, counts and attendee search of one event (docs/checkin-api.md). */
@Path("/events/{eventId}")
@Tag(name = "Check-in")
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class CheckInResource {

    /** REST scans per client address (rate-limit.limits.scans). */
    public static final String SCANS_LIMIT = "scans";
    public static final ProblemType REGISTRATION_CANCELLED = ProblemType.of("registration-cancelled",
            "Registration cancelled");
    public static final ProblemType REGISTRATION_WAITLISTED = ProblemType.of("registration-waitlisted",
            "Registration on the waitlist");
    public static final ProblemType TICKET_FOR_ANOTHER_EVENT = ProblemType.of("ticket-for-another-event",
            "Ticket for another event");

    private final CheckInService checkIns;
    private final LiveEvents liveEvents;
    private final JsonWebToken jwt;

    public CheckInResource(CheckInService checkIns, LiveEvents liveEvents, JsonWebToken jwt) {
        this.checkIns = checkIns;
        this.liveEvents = liveEvents;
        this.jwt = jwt;
    }

    @POST
    @Path("/scans")
    @RateLimited(CheckInResource.SCANS_LIMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STAFF, Roles.ORGANIZER, Roles.KIOSK })
    @Operation(operationId = "scanTicket", summary = "Scan a ticket or registration in (entry: check in or re-enter) or out (exit)",
            description = "200 with the outcome for a registration of this event: checked_in, already_checked_in "
                    + "(with when and where), re_entered, exited, not_inside. Problems: 404 unknown registration, "
                    + "409 cancelled/waitlisted/not checked in, 422 invalid, foreign, expired or revoked "
                    + "(re-issued) ticket.")
    @APIResponse(responseCode = "200", description = "The outcome for a registration of this event")
    @APIResponse(responseCode = "404", description = "No such registration at this event, or no such event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-found,unknown-event"))
    @APIResponse(responseCode = "409", description = "Cancelled, on the waitlist, or (exit) not checked in",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES,
                    value = "registration-cancelled,registration-waitlisted,not-checked-in"))
    @APIResponse(responseCode = "422", description = "The scanned ticket is altered or not ours, expired, revoked by a re-issue, or for another event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES,
                    value = "invalid-ticket,ticket-expired,ticket-revoked,ticket-for-another-event"))
    @APIResponse(responseCode = "503", description = "The registration kept changing; retry after Retry-After seconds")
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    public ScanResult scan(@PathParam("eventId") @Size(max = 100) String eventId,
            @Valid @NotNull ScanRequest request) {
        Caller caller = caller(eventId);
        if ((request.ticket() == null) == (request.registrationId() == null)) {
            throw ProblemException.invalid("ticket", "give exactly one of ticket and registrationId");
        }
        String gate = checkIns.gate(eventId, caller.hasRole(Roles.KIOSK) ? caller.gate() : null, request.gate());
        ScanDirection direction = "exit".equals(request.direction()) ? ScanDirection.EXIT : ScanDirection.ENTRY;
        ScanResult result = checkIns.scan(new ScanCommand(eventId, request.ticket(), request.registrationId(),
                direction, gate, caller.subject(), "rest:" + UUID.randomUUID()));
        return answer(result);
    }

    @DELETE
    @Path("/check-ins/{registrationId}")
    @RolesAllowed({ Roles.STAFF, Roles.ORGANIZER })
    @Operation(operationId = "undoCheckIn", summary = "Undo a registration's check-in; the counters lose it and it may check in again",
            description = "For a scan made by mistake. Dashboards and kiosks see the undo through the change feed.")
    @APIResponse(responseCode = "200", description = "The check-in is undone")
    @APIResponse(responseCode = "409", description = "The registration is not checked in",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "not-checked-in"))
    @APIResponse(responseCode = "503", description = "The registration kept changing; retry after Retry-After seconds")
    public ScanResult undo(@PathParam("eventId") String eventId,
            @PathParam("registrationId") @Size(max = 100) String registrationId) {
        return checkIns.undo(eventId, registrationId, Caller.of(jwt).subject());
    }

    @GET
    @Path("/counts")
    @RolesAllowed({ Roles.STAFF, Roles.ORGANIZER, Roles.KIOSK })
    @Operation(operationId = "getCheckInCounts", summary = "Exact counts: checked in, inside now, first check-ins per gate",
            description = "Read from the table, not from a live feed: exact at the moment of the call. A kiosk token "
                    + "reads only its own event's counts.")
    @APIResponse(responseCode = "200", description = "The counts")
    @APIResponse(responseCode = "404", description = "No such event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unknown-event"))
    public CheckInCounts counts(@PathParam("eventId") String eventId) {
        caller(eventId);
        checkIns.requireEvent(eventId);
        return checkIns.counts(eventId);
    }

    @GET
    @Path("/attendees")
    @RolesAllowed({ Roles.STAFF, Roles.ORGANIZER })
    @Operation(operationId = "searchAttendees", summary = "Attendees whose name (any word) or email starts with q, case-insensitive",
            description = "For the staff desk: finds a registration to check in by hand when a ticket will not scan.")
    @APIResponse(responseCode = "200", description = "Matching attendees, at most limit")
    @APIResponse(responseCode = "404", description = "No such event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unknown-event"))
    public List<AttendeeView> search(@PathParam("eventId") String eventId,
            @QueryParam("q") @NotBlank @Size(max = 100) String q,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return liveEvents.live(eventId)
                .orElseThrow(() -> new ProblemException(404, CheckInService.UNKNOWN_EVENT, "No event " + eventId + "."))
                .search(q.trim(), limit).stream()
                .map(a -> new AttendeeView(a.registrationId(), a.name(), a.email(), a.status(), a.checkedInAt(),
                        a.gate(), a.inside()))
                .toList();
    }

    @GET
    @Path("/conflicts")
    @RolesAllowed({ Roles.STAFF, Roles.ORGANIZER })
    @Operation(operationId = "listCheckInConflicts", summary = "Tickets admitted twice (by kiosks that were offline): the "
            + "first check-in, which counts, and each admission that lost to it; newest conflict first",
            description = "For staff resolving the door: the earliest admission of a ticket is its check-in; every "
                    + "other admission, at another gate or time, is listed here with both gates and times. Read from "
                    + "this instance's live view of the event, which the change feed keeps current within tens of "
                    + "milliseconds.")
    @APIResponse(responseCode = "200", description = "The event's conflicts, newest first")
    @APIResponse(responseCode = "404", description = "No such event",
            extensions = @Extension(name = ApiDocumentFilter.PROBLEM_TYPES, value = "unknown-event"))
    public List<ConflictView> conflicts(@PathParam("eventId") @Size(max = 100) String eventId) {
        return liveEvents.live(eventId)
                .orElseThrow(() -> new ProblemException(404, CheckInService.UNKNOWN_EVENT, "No event " + eventId + "."))
                .conflicts(Integer.MAX_VALUE).stream()
                .map(c -> new ConflictView(c.registrationId(), c.attendeeName(),
                        c.at() == null ? null : new ScanResult.FirstCheckIn(c.at(), c.gate(), c.by()),
                        new ScanResult.Admission(c.conflict().at(), c.conflict().gate(), c.conflict().by())))
                .toList();
    }

    private Caller caller(String eventId) {
        Caller caller = Caller.of(jwt);
        if (!caller.mayActFor(eventId)) {
            throw new ForbiddenException("kiosk bound to another event");
        }
        return caller;
    }

    /** Outcomes about a registration of this event are answers; the others are problems. */
    private static ScanResult answer(ScanResult result) {
        String id = result.registrationId();
        return switch (ScanOutcome.fromValue(result.outcome())) {
            case UNKNOWN_REGISTRATION -> throw ProblemException.notFound("No registration " + id + " at this event.");
            case CANCELLED -> throw ProblemException.conflict(REGISTRATION_CANCELLED,
                    "Registration " + id + " was cancelled.");
            case WAITLISTED -> throw ProblemException.conflict(REGISTRATION_WAITLISTED,
                    "Registration " + id + " is on the waitlist and has no seat.");
            case NOT_CHECKED_IN -> throw ProblemException.conflict(CheckInService.NOT_CHECKED_IN,
                    "Registration " + id + " has not checked in, so it cannot exit.");
            case WRONG_EVENT -> throw new ProblemException(422, TICKET_FOR_ANOTHER_EVENT,
                    "This ticket is for another event.");
            case INVALID_TICKET -> throw new ProblemException(422, InvalidTicketException.TYPE,
                    "The ticket is not valid: it was altered or not issued by us.");
            case TICKET_EXPIRED -> throw new ProblemException(422, InvalidTicketException.EXPIRED,
                    "This ticket has expired: its event is over.");
            case TICKET_REVOKED -> throw new ProblemException(422, InvalidTicketException.REVOKED,
                    "This ticket was replaced by a re-issued one and no longer admits anyone.");
            default -> result;
        };
    }
}
