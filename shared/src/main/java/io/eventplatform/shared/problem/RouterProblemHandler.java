package io.eventplatform.shared.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem+json for what never reaches a REST resource: unknown paths outside the REST root and
 * failures raised by the HTTP layer (authentication, body limits).
 */
@ApplicationScoped
public class RouterProblemHandler {

    private final ProblemResponses problems;
    private final BodyLimit bodyLimit;

    public RouterProblemHandler(ProblemResponses problems, BodyLimit bodyLimit) {
        this.problems = problems;
        this.bodyLimit = bodyLimit;
    }

    void install(@Observes Router router) {
        // A declared body over the limit is refused up front, as problem+json rather than a bare 413.
        router.route().order(Integer.MIN_VALUE).handler(this::refuseOversizedBody);
        // Runs after every other route: static files, health, metrics, OpenAPI, REST, WebSockets.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, 404, ProblemType.NOT_FOUND,
                ProblemMappers.clientDetail(404)));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void refuseOversizedBody(RoutingContext ctx) {
        long declared = declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (declared >= 0) {
            long limit = bodyLimit.limit(ctx.request());
            if (declared > limit) {
                // Close: the client may still be sending the body we refuse to read.
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                write(ctx, 413, ProblemType.PAYLOAD_TOO_LARGE, bodyLimit.detail(ctx.request(), limit));
                return;
            }
        }
        ctx.next();
    }

    /** The declared Content-Length, or -1 when there is none (or none that parses). */
    private static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            status = 401;
        } else if (failure instanceof ForbiddenException) {
            status = 403;
        } else if (status < 400) {
            status = 500;
        }
        if (status >= 500) {
            Log.errorf(failure, "unexpected failure on %s %s", ctx.request().method(), ctx.request().path());
            write(ctx, status, ProblemType.INTERNAL, "Something went wrong on our side.");
        } else {
            if (status == 401) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
            }
            String detail = status == 413 ? "The request body is too large." : status == 401 ? "A valid bearer token is required."
                    : status == 403 ? "Your role does not allow this." : ProblemMappers.clientDetail(status);
            write(ctx, status, ProblemType.forStatus(status), detail);
        }
    }

    private void write(RoutingContext ctx, int status, ProblemType type, String detail) {
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) {
                ctx.response().end();
            }
            return;
        }
        Problem problem = problems.problem(status, type, detail, ctx.request().path(), List.of());
        // Like every REST answer (HttpCaching): an error is never kept by a cache.
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(problems.json(problem));
    }
}
