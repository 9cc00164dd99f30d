package io.eventplatform.registration.ticket;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.registration.idempotency.Answers;
import io.eventplatform.registration.registration.RegistrationView;
import io.eventplatform.shared.ticket.TicketCodec;

/**
 * The attendee's side, authenticated by the ticket token alone, sent in the {@code X-Ticket}
 * header (not the URL, so it stays out of access logs and browser history).
 */
@Path("/tickets/me")
@Tag(name = "Tickets")
public class TicketResource {

    private static final String TICKET_DESCRIPTION = "The ticket token from the registration answer";
    private static final String REFUSED_TICKET = "Ticket missing, tampered, foreign (invalid-ticket), past its expiry "
            + "(ticket-expired) or replaced by a re-issue (ticket-revoked)";

    private final TicketService tickets;

    public TicketResource(TicketService tickets) {
        this.tickets = tickets;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getMyTicket", summary = "The registration this ticket is for",
            description = "The attendee app's view of its registration: state (confirmed, waitlisted, cancelled, "
                    + "checked in), event and answers. Authenticated by the ticket alone.")
    @APIResponse(responseCode = "200", description = "The registration", content = @Content(schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "401", description = REFUSED_TICKET)
    public RegistrationView registration(
            @Parameter(description = TICKET_DESCRIPTION, required = true) @HeaderParam(TicketCodec.HEADER) String ticket) {
        return tickets.registration(ticket);
    }

    @POST
    @Path("/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelMyRegistration", summary = "Cancel this ticket's registration; a freed seat goes to the oldest waitlisted registration",
            description = "The attendee's own cancel. Cancelling a cancelled registration changes nothing; a "
                    + "checked-in one cannot be cancelled.")
    @APIResponse(responseCode = "200", description = "Cancelled (or already was)", content = @Content(schema = @Schema(implementation = RegistrationView.class)))
    @APIResponse(responseCode = "401", description = REFUSED_TICKET)
    @APIResponse(responseCode = "409", description = "Already checked in")
    public Response cancel(
            @Parameter(description = TICKET_DESCRIPTION, required = true) @HeaderParam(TicketCodec.HEADER) String ticket,
            @Parameter(description = Answers.KEY_DESCRIPTION, example = Answers.KEY_EXAMPLE) @HeaderParam(Answers.KEY_HEADER) String idempotencyKey) {
        return Answers.response(tickets.cancel(ticket, idempotencyKey));
    }

    @GET
    @Path("/qr.png")
    @Produces("image/png")
    @Operation(operationId = "getMyTicketQrPng", summary = "The ticket as a QR code (PNG)",
            description = "A PNG of the QR code that encodes the ticket token, for kiosks to scan at the door.")
    @APIResponse(responseCode = "200", description = "PNG image", content = @Content(mediaType = "image/png",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "401", description = REFUSED_TICKET)
    public byte[] png(@Parameter(description = TICKET_DESCRIPTION, required = true) @HeaderParam(TicketCodec.HEADER) String ticket,
            @Parameter(description = "Pixels per QR module", example = "8") @QueryParam("scale") @DefaultValue("8") @Min(1) @Max(32) int scale) {
        return QrCodes.png(tickets.qrContent(ticket), scale);
    }

    @GET
    @Path("/qr.svg")
    @Produces("image/svg+xml")
    @Operation(operationId = "getMyTicketQrSvg", summary = "The ticket as a QR code (SVG)",
            description = "The same QR code as scalable SVG, for printing or large screens.")
    @APIResponse(responseCode = "200", description = "SVG image", content = @Content(mediaType = "image/svg+xml",
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "401", description = REFUSED_TICKET)
    public String svg(@Parameter(description = TICKET_DESCRIPTION, required = true) @HeaderParam(TicketCodec.HEADER) String ticket) {
        return QrCodes.svg(tickets.qrContent(ticket));
    }
}
