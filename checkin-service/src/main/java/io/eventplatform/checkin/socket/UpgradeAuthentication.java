package io.eventplatform.checkin.socket;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The kiosk socket's upgrade check: {@link SocketAuthentication}'s verdict, before the socket opens. */
@ApplicationScoped
public class UpgradeAuthentication implements HttpUpgradeCheck {

    static final String KIOSK = "kiosk";
    static final Map<String, List<String>> BEARER_CHALLENGE = Map.of("WWW-Authenticate", List.of("Bearer"));

    private final SocketAuthentication authentication;

    public UpgradeAuthentication(SocketAuthentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return KIOSK.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String authorization = context.httpRequest().getHeader("Authorization");
        String query = context.httpRequest().query();
        String eventId = context.pathParam("eventId");
        // The verdict reads the table: off the event loop.
        return Uni.createFrom().item(() -> authentication.kiosk(authorization, query, eventId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(verdict -> {
                    if (verdict instanceof SocketAuthentication.Permitted permitted) {
                        context.userData().put(SocketCaller.CALLER, permitted.caller());
                        return CheckResult.permitUpgrade();
                    }
                    int status = ((SocketAuthentication.Refused) verdict).status();
                    return status == 401 ? CheckResult.rejectUpgrade(401, BEARER_CHALLENGE)
                            : CheckResult.rejectUpgrade(status);
                });
    }
}
