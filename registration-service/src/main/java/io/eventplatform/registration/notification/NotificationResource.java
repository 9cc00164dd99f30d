package io.eventplatform.registration.notification;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.shared.auth.Roles;

/** Organizers' view of attendee email: per registration, resend, failures per event. */
@Path("/events/{eventId}")
@Tag(name = "Notifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORGANIZER)
@SecurityRequirement(name = "jwt")
public class NotificationResource {

    private final NotificationService notifications;

    public NotificationResource(NotificationService notifications) {
        this.notifications = notifications;
    }

    @GET
    @Path("/registrations/{registrationId}/notifications")
    @Operation(operationId = "listRegistrationNotifications", summary = "The emails a registration's attendee was sent, and how sending went",
            description = "Oldest first: the confirmation (or waitlist place), a promotion, a cancellation and each "
                    + "re-issued ticket, each pending, sent or failed, with the mail server's last answer.")
    @APIResponse(responseCode = "200", description = "The registration's notifications",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = NotificationView.class)))
    @APIResponse(responseCode = "404", description = "No such registration at this event")
    public List<NotificationView> list(@PathParam("eventId") String eventId,
            @PathParam("registrationId") String registrationId) {
        return notifications.forRegistration(eventId, registrationId);
    }

    // POST: sending mail is a side effect no prefetch or retried GET may cause.
    @POST
    @Path("/registrations/{registrationId}/notifications/{key}/resend")
    @Operation(operationId = "resendNotification", summary = "Send a sent or failed notification again",
            description = "Puts it back in line with a fresh round of attempts; the email is rendered anew, so a ticket "
                    + "in it is the registration's current one. A failed notification leaves the event's failure count.")
    @APIResponse(responseCode = "202", description = "On its way again",
            content = @Content(schema = @Schema(implementation = NotificationView.class)))
    @APIResponse(responseCode = "404", description = "No such registration, or no such notification of it")
    @APIResponse(responseCode = "409", description = "notification-pending: it is still on its way")
    public Response resend(@PathParam("eventId") String eventId, @PathParam("registrationId") String registrationId,
            @Parameter(description = "The notification's key, from the registration's list", example = "confirmation-1")
            @PathParam("key") String key) {
        return Response.accepted(notifications.resend(eventId, registrationId, key)).build();
    }

    @GET
    @Path("/notifications/failures")
    @Operation(operationId = "countNotificationFailures", summary = "How many of the event's attendee emails failed",
            description = "Notifications refused for good by the mail server (e.g. a bouncing address) or out of "
                    + "attempts, less those resent since.")
    @APIResponse(responseCode = "200", description = "The count",
            content = @Content(schema = @Schema(implementation = NotificationFailures.class)))
    @APIResponse(responseCode = "404", description = "No such event")
    public NotificationFailures failures(@PathParam("eventId") String eventId) {
        return notifications.failures(eventId);
    }
}
