package io.eventplatform.checkin.feed;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.eventplatform.checkin.config.CheckinConfig;

/**
 * Ready once the stream reader holds a position in every shard, so no change is missed from then
 * on, and while the feed lags no more than {@code checkin.stream.max-lag}: beyond it this
 * instance's dashboards show stale counts, and the reason (lag, and why reads fail) says so.
 */
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
        HealthCheckResponseBuilder response = HealthCheckResponse.named("change-feed");
        if (!config.stream().enabled()) {
            return response.up().withData("reason", "stream reader disabled").build();
        }
        if (!feed.positioned()) {
            return response.down().withData("reason", "the stream reader holds no position in the stream yet").build();
        }
        long lag = feed.lagMillis();
        long maxLag = config.stream().maxLag().toMillis();
        response.withData("lagMillis", lag).withData("maxLagMillis", maxLag);
        feed.readProblem().ifPresent(problem -> response.withData("readProblem", problem));
        if (lag > maxLag) {
            return response.down().withData("reason", "the change feed is " + lag + " ms behind the table (limit "
                    + maxLag + " ms): dashboards on this instance show stale counts"
                    + feed.readProblem().map(problem -> "; " + problem).orElse("")).build();
        }
        return response.up().build();
    }
}
