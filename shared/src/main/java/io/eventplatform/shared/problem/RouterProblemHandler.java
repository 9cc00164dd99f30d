package io.eventplatform.shared.problem;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
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
    private final long maxBodySize;

    public RouterProblemHandler(ProblemResponses problems,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.problems = problems;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        // A declared body over the limit is refused up front, as problem+json rather than a bare 413.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isOver(length)) {
                ctx.response().putHeader("Connection", "close");
                write(ctx, 413, ProblemType.PAYLOAD_TOO_LARGE,
                        "The request body is larger than " + maxBodySize + " bytes.");
            } else {
                ctx.next();
            }
        });
        // Runs after every other route: static files, health, metrics, OpenAPI, REST, WebSockets.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, 404, ProblemType.NOT_FOUND,
                ProblemMappers.clientDetail(404)));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            return false;
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
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemResponses.MEDIA_TYPE)
                .end(problems.json(problem));
    }
}
