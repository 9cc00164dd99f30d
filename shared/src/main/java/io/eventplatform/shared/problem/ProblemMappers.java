package io.eventplatform.shared.problem;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.eventplatform.shared.openapi.AllowedMethods;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns every failure reaching a REST resource into RFC 9457 problem+json. Shared by all
 * services; {@link RouterProblemHandler} covers what never reaches a resource.
 */
public class ProblemMappers {

    private final ProblemResponses problems;

    public ProblemMappers(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.status(), e.type(), e.getMessage(), request, e.violations());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        // quarkus-rest-jackson wraps unreadable JSON in a 400; say what was wrong with it.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json, request);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response response = respond(status, ProblemType.forStatus(status), clientDetail(status), request, List.of());
        // 405 must say which methods are allowed: Quarkus REST's own answer names none, the document does.
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && status == 405) {
            allow = AllowedMethods.forPath(request.path()).orElse(null);
        }
        return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
    }

    /** More specific than quarkus-rest-jackson's own mapper for this type, so ours answers. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return malformedJson(e, request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, HttpServerRequest request) {
        List<Problem.Violation> violations = new ArrayList<>();
        String detail = "The request body is not valid JSON.";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = fieldPath(mapping.getPath());
            detail = "The request body has a value of the wrong type.";
            violations.add(new Problem.Violation(field, "has the wrong type or format"));
        } else if (e.getLocation() != null) {
            detail = "The request body is not valid JSON (line %d, column %d)."
                    .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
        }
        return respond(400, ProblemType.MALFORMED_REQUEST, detail, request, violations);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            if (isReturnValue(violation.getPropertyPath())) {
                return unexpected(e, request);
            }
            violations.add(new Problem.Violation(requestField(violation.getPropertyPath()), violation.getMessage()));
        }
        violations.sort((a, b) -> a.field().compareTo(b.field()));
        return respond(400, ProblemType.VALIDATION, "The request has invalid fields.", request, violations);
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(HttpServerRequest request) {
        Response response = respond(401, ProblemType.UNAUTHORIZED,
                "A valid bearer token is required.", request, List.of());
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(403, ProblemType.FORBIDDEN, "Your role does not allow this.", request, List.of());
    }

    /**
     * The table or the bucket could not be reached (connection refused or reset, timed out) or
     * answered with a server error or throttling: an outage of a store, not a bug and not the
     * client's fault. 503 with Retry-After: every write path undoes what it stored before the step
     * that failed, and idempotent writes recognise a resend whose first answer was lost.
     */
    @ServerExceptionMapper
    public Response storeUnavailable(SdkException e, HttpServerRequest request) {
        if (e instanceof SdkServiceException answered && answered.statusCode() < 500 && !answered.isThrottlingException()) {
            return unexpected(e, request);
        }
        return storeUnavailable(e.getMessage(), request);
    }

    /**
     * The same outage as the AWS SDK's URL-connection client reports it when the connection for a
     * request body is refused or reset: a socket failure that escapes the SDK unwrapped. Other I/O
     * failures are bugs (500). A client's own body that breaks off is reported by the resource.
     */
    @ServerExceptionMapper
    public Response storeUnreachable(UncheckedIOException e, HttpServerRequest request) {
        if (!(e.getCause() instanceof SocketException)) {
            return unexpected(e, request);
        }
        return storeUnavailable(e.getMessage(), request);
    }

    private Response storeUnavailable(String cause, HttpServerRequest request) {
        Log.warnf("store unavailable on %s %s: %s", request.method(), request.path(), cause);
        return respond(503, ProblemType.SERVICE_UNAVAILABLE, "A data store this service needs is not answering. "
                + "Send the same request again after Retry-After seconds (with the same Idempotency-Key where the "
                + "operation takes one).", request, List.of());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected failure on %s %s (incident %s)", request.method(), request.path(), incident);
        return respond(500, ProblemType.INTERNAL, "Something went wrong on our side (incident " + incident + ").",
                request, List.of());
    }

    private Response respond(int status, ProblemType type, String detail, HttpServerRequest request,
            List<Problem.Violation> violations) {
        Problem problem = problems.problem(status, type, detail, request.path(), violations);
        Response.ResponseBuilder response = Response.status(status).type(ProblemResponses.MEDIA_TYPE)
                .entity(problems.json(problem));
        if (status == 503) {
            // A 503 here is a transient contention or dependency hiccup: tell clients when to retry.
            response.header(HttpHeaders.RETRY_AFTER, ProblemResponses.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    static String clientDetail(int status) {
        return switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This path does not accept that method.";
            case 406 -> "This resource cannot produce the requested media type.";
            case 415 -> "This resource does not accept that content type.";
            case 400 -> "The request could not be read.";
            default -> "The request was refused.";
        };
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "create.request.attendee.email" → "attendee.email": drops the method and parameter nodes. */
    private static String requestField(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                // Keep query/path parameter names; a body parameter's own name carries no meaning.
                if (!path.toString().endsWith("." + node.getName())) {
                    continue;
                }
            }
            // A node inside a list or map carries the position of its container: questions[1].type.
            if (node.isInIterable()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (position != null) {
                    field.append('[').append(position).append(']');
                }
            }
            if (node.getName() == null || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
