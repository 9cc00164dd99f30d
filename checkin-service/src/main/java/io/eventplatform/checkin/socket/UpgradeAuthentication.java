package io.eventplatform.checkin.socket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.eventplatform.checkin.checkin.CheckInRepository;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.auth.Roles;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Authenticates both sockets before the upgrade completes: refused upgrades get a plain 401,
 * 403 or 404 and never open. The JWT comes from {@code Authorization: Bearer} or, for browsers
 * (which cannot set headers on a WebSocket), the {@code access_token} query parameter; both are
 * verified by the same smallrye-jwt parser and configuration as the REST API. Kiosks must carry
 * role {@code kiosk} and an {@code event_id} claim equal to the path's event; dashboards role
 * {@code staff} or {@code organizer}.
 */
@ApplicationScoped
public class UpgradeAuthentication implements HttpUpgradeCheck {

    static final String KIOSK = "kiosk";
    static final String DASHBOARD = "dashboard";
    private static final Map<String, List<String>> BEARER_CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final JWTParser parser;
    private final CheckInRepository repository;

    public UpgradeAuthentication(JWTParser parser, CheckInRepository repository) {
        this.parser = parser;
        this.repository = repository;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return KIOSK.equals(endpointId) || DASHBOARD.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String token = token(context.httpRequest().getHeader("Authorization"), context.httpRequest().query());
        if (token == null) {
            return CheckResult.rejectUpgrade(401, BEARER_CHALLENGE);
        }
        Caller caller;
        try {
            JsonWebToken jwt = parser.parse(token);
            caller = Caller.of(jwt);
        } catch (ParseException | RuntimeException e) {
            Log.debugf("socket upgrade with an invalid token refused: %s", e.getMessage());
            return CheckResult.rejectUpgrade(401, BEARER_CHALLENGE);
        }
        String eventId = context.pathParam("eventId");
        if (KIOSK.equals(context.endpointId())) {
            if (!caller.hasRole(Roles.KIOSK) || !eventId.equals(caller.eventId())) {
                return CheckResult.rejectUpgrade(403);
            }
        } else if (!caller.hasRole(Roles.STAFF) && !caller.hasRole(Roles.ORGANIZER)) {
            return CheckResult.rejectUpgrade(403);
        }
        context.userData().put(SocketCaller.CALLER, caller);
        // The table read blocks: off the event loop.
        return Uni.createFrom().item(() -> repository.event(eventId).isPresent())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(exists -> exists ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(404));
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
