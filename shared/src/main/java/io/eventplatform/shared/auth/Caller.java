package io.eventplatform.shared.auth;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Who is calling, read from a verified JWT.
 *
 * @param subject the token's subject
 * @param roles the caller's roles
 * @param eventId the event a kiosk is bound to, or {@code null}
 * @param gate the kiosk's gate, or {@code null}
 * @param expiresAt when the token stops being accepted
 */
public record Caller(String subject, Set<String> roles,
        @Schema(nullable = true, description = "The event a kiosk token is bound to; null for other roles") String eventId,
        @Schema(nullable = true, description = "The gate a kiosk token names; null when it names none") String gate,
        Instant expiresAt) {

    public static Caller of(JsonWebToken jwt) {
        return new Caller(jwt.getSubject(), new TreeSet<>(jwt.getGroups()),
                jwt.getClaim(Roles.EVENT_CLAIM), jwt.getClaim(Roles.GATE_CLAIM),
                Instant.ofEpochSecond(jwt.getExpirationTime()));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether a kiosk token may act for this event; other roles are not event-bound. */
    public boolean mayActFor(String event) {
        return !hasRole(Roles.KIOSK) || hasRole(Roles.ORGANIZER) || hasRole(Roles.STAFF) || event.equals(eventId);
    }
}
