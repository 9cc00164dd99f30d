package io.eventplatform.local;

import java.util.Locale;
import java.util.Optional;

import io.vertx.core.http.impl.HttpUtils;

/**
 * A request path as the services will see it. Quarkus routes on Vert.x's normalised path
 * (percent-encoded unreserved characters decoded, dot segments removed), so a gateway that
 * routed on the raw path could be walked past with {@code /api/registration/%2e%2e/%2e%2e/q/metrics}.
 * The gateway refuses every path with a dot segment, plain or encoded (no client of the
 * platform sends one), and routes on the same normalisation the services apply.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** The path to route on, or empty when the raw path has a dot segment or does not parse. */
    static Optional<String> routable(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || hasDotSegment(rawPath)) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpUtils.normalizePath(rawPath));
        } catch (IllegalArgumentException e) {
            // A malformed percent-encoding: the services would refuse it too.
            return Optional.empty();
        }
    }

    private static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.toLowerCase(Locale.ROOT).replace("%2e", ".").split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
