package io.eventplatform.checkin.feed;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.eventplatform.checkin.config.CheckinConfig;

/** Ready once the stream reader holds a position in every shard, so no change is missed from then on. */
@Readiness
@ApplicationScoped
public class ChangeFeedReadinessCheck implements HealthCheck {

    private final ChangeFeed feed;
    private final CheckinConfig config;

    public ChangeFeedReadinessCheck(ChangeFeed feed, CheckinConfig config) {
        this.feed = feed;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !config.stream().enabled() || feed.positioned();
        return HealthCheckResponse.named("change-feed").status(up).build();
    }
}
