package io.eventplatform.shared.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A path segment longer than any id the platform issues names nothing: 404 at once. Ids in paths
 * become table keys, and DynamoDB refuses keys over 1,024 bytes (range) or 2,048 (hash) with an
 * error that would otherwise surface as a 500 (found by the fuzz tests).
 */
@ApplicationScoped
public class PathSegmentLimit {

    /** Longest path segment served, as sent (percent-encoded); ids are at most 100 characters. */
    static final int MAX_SEGMENT = 300;

    private final ProblemResponses problems;

    public PathSegmentLimit(ProblemResponses problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::refuseOverlongSegments);
    }

    private void refuseOverlongSegments(RoutingContext ctx) {
        String path = ctx.request().path();
        int segmentStart = 0;
        for (int i = 0; path != null && i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i - segmentStart > MAX_SEGMENT) {
                    Problem problem = problems.problem(404, ProblemType.NOT_FOUND,
                            "No resource has a name that long.", null, List.of());
                    ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                            .end(problems.json(problem));
                    return;
                }
                segmentStart = i + 1;
            }
        }
        ctx.next();
    }
}
