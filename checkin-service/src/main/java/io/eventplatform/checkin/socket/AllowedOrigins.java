package io.eventplatform.checkin.socket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

/**
 * Which browser pages may open a socket: a browser names the page's origin in {@code Origin} on
 * the upgrade, and WebSockets have no CORS, so without this check any site a staff member visits
 * could open a dashboard socket with a token it got hold of. Allowed are the app origins CORS
 * allows ({@code quarkus.http.cors.origins}) and the socket's own origin (a page this service
 * served). No {@code Origin} is a native client (kiosk app, mobile app, tools): allowed, it still
 * needs its token.
 */
@ApplicationScoped
public class AllowedOrigins {

    private final Set<String> origins;

    public AllowedOrigins(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        this.origins = origins.orElse(List.of()).stream().map(AllowedOrigins::normalized).collect(Collectors.toSet());
    }

    /**
     * @param origin the upgrade's {@code Origin} header, or null
     * @param host the upgrade's {@code Host} header, or null
     */
    public boolean permits(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = normalized(origin);
        if (origins.contains(normalized)) {
            return true;
        }
        try {
            String authority = new URI(normalized).getRawAuthority();
            if (authority != null && host != null && authority.equalsIgnoreCase(host.trim())) {
                return true;
            }
        } catch (URISyntaxException e) {
            // not an origin at all ("null" from sandboxed frames, garbage): refused below
        }
        Log.debugf("socket upgrade from foreign origin %s refused", origin);
        return false;
    }

    private static String normalized(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
