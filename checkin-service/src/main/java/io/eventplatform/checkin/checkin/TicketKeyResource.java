package io.eventplatform.checkin.checkin;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketVerifier;

/**
 * {@code GET /api/checkin/ticket-keys}: the public keys that verify ticket tokens, as a JWKS, so a
 * kiosk can check a scanned ticket's signature, {@code kid} and expiry while its network is down.
 * During a key rotation it lists the old and the new key. Public keys are public.
 */
@Path("/ticket-keys")
@Tag(name = "Check-in")
public class TicketKeyResource {

    private final TicketVerifier tickets;

    public TicketKeyResource(TicketVerifier tickets) {
        this.tickets = tickets;
    }

    @GET
    @Produces("application/jwk-set+json")
    @Operation(operationId = "getTicketKeys", summary = "The ticket-signing public keys (JWKS, ES256; several during a rotation) "
            + "for verifying tickets offline", description = "Public: a kiosk fetches them while online and checks a "
            + "scanned ticket's signature, kid and expiry while its network is down. Cacheable for an hour.")
    public Response keys() {
        Map<String, Object> jwks = TicketCodec.jwks(tickets.publicKeys());
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3600);
        return Response.ok(jwks).cacheControl(cache).build();
    }
}
