package io.eventplatform.checkin.socket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.eventplatform.checkin.checkin.CheckInRepository;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.auth.TokenAudience;
import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Who may open which socket, decided before the upgrade completes: a refused upgrade gets a
 * plain 401 (with a Bearer challenge), 403 or 404 and never opens. The JWT comes from
 * {@code Authorization: Bearer} or, for browsers (which cannot set headers on a WebSocket), the
 * {@code access_token} query parameter; both are verified by the same smallrye-jwt parser and
 * configuration as the REST API. Kiosks must carry role {@code kiosk} and an {@code event_id}
 * claim equal to the path's event; dashboards role {@code staff} or {@code organizer}. Blocks
 * (it reads the table): call it off the event loop.
 */
@ApplicationScoped
public class SocketAuthentication {

    /** The answer to an upgrade: the verified caller, or the status that refuses it. */
    public sealed interface Verdict {
    }

    public record Permitted(Caller caller) implements Verdict {
    }

    /** @param status 401 (no or bad token: challenge with Bearer), 403 (wrong role or event) or 404 (no such event) */
    public record Refused(int status) implements Verdict {
    }

    private final JWTParser parser;
    private final TokenAudience audience;
    private final CheckInRepository repository;

    public SocketAuthentication(JWTParser parser, TokenAudience audience, CheckInRepository repository) {
        this.parser = parser;
        this.audience = audience;
        this.repository = repository;
    }

    public Verdict kiosk(String authorization, String query, String eventId) {
        return check(authorization, query, eventId, true);
    }

    public Verdict dashboard(String authorization, String query, String eventId) {
        return check(authorization, query, eventId, false);
    }

    private Verdict check(String authorization, String query, String eventId, boolean kiosk) {
        String token = token(authorization, query);
        if (token == null) {
            return new Refused(401);
        }
        Caller caller;
        try {
            JsonWebToken jwt = parser.parse(token);
            if (!audience.accepts(jwt)) {
                Log.debugf("socket upgrade with a token for another client refused: %s", jwt.getAudience());
                return new Refused(401);
            }
            caller = Caller.of(jwt);
        } catch (ParseException | RuntimeException e) {
            Log.debugf("socket upgrade with an invalid token refused: %s", withoutToken(e.getMessage(), token));
            return new Refused(401);
        }
        boolean allowed = kiosk ? caller.hasRole(Roles.KIOSK) && eventId.equals(caller.eventId())
                : caller.hasRole(Roles.STAFF) || caller.hasRole(Roles.ORGANIZER);
        if (!allowed) {
            return new Refused(403);
        }
        return repository.event(eventId).isPresent() ? new Permitted(caller) : new Refused(404);
    }

    /**
     * The message without the token or any of its parts: the JWT library quotes the token it
     * refuses, and tokens are logged nowhere (docs/security.md#what-is-logged).
     */
    static String withoutToken(String message, String token) {
        if (message == null) {
            return null;
        }
        String masked = message.replace(token, "[token]");
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                masked = masked.replace(part, "[token part]");
            }
        }
        return masked;
    }

    static String token(String authorization, String query) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.startsWith("access_token=")) {
                    String token = URLDecoder.decode(parameter.substring("access_token=".length()), StandardCharsets.UTF_8);
                    return token.isBlank() ? null : token;
                }
            }
        }
        return null;
    }
}
