package io.eventplatform.checkin.socket;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/** Every websockets-next upgrade (the kiosk socket) from a browser page of a foreign origin is refused with 403. */
@ApplicationScoped
public class UpgradeOriginCheck implements HttpUpgradeCheck {

    private static final int FORBIDDEN = 403;

    private final AllowedOrigins origins;

    public UpgradeOriginCheck(AllowedOrigins origins) {
        this.origins = origins;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return origins.permits(context.httpRequest().getHeader("Origin"), context.httpRequest().getHeader("Host"))
                ? CheckResult.permitUpgrade()
                : CheckResult.rejectUpgrade(FORBIDDEN);
    }
}
