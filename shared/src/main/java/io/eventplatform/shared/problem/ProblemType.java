package io.eventplatform.shared.problem;

import java.net.URI;

/** The stable problem types every service uses; services add their own through {@link #of}. */
public record ProblemType(URI uri, String title) {

    /** Where problem type URIs live; documented in docs/errors.md. */
    public static final String BASE = "https://eventplatform.dev/problems/";

    public static final ProblemType NOT_FOUND = of("not-found", "Not found");
    public static final ProblemType METHOD_NOT_ALLOWED = of("method-not-allowed", "Method not allowed");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type", "Unsupported media type");
    public static final ProblemType NOT_ACCEPTABLE = of("not-acceptable", "Not acceptable");
    public static final ProblemType MALFORMED_REQUEST = of("malformed-request", "Malformed request");
    public static final ProblemType VALIDATION = of("validation", "Invalid request");
    public static final ProblemType UNAUTHORIZED = of("unauthorized", "Authentication required");
    public static final ProblemType FORBIDDEN = of("forbidden", "Not allowed for this caller");
    public static final ProblemType CONFLICT = of("conflict", "Conflict");
    public static final ProblemType PAYLOAD_TOO_LARGE = of("payload-too-large", "Payload too large");
    public static final ProblemType RATE_LIMITED = of("rate-limited", "Too many requests");
    public static final ProblemType SERVICE_UNAVAILABLE = of("service-unavailable", "Service unavailable");
    public static final ProblemType INTERNAL = of("internal", "Internal error");

    /** A problem type under {@link #BASE}. */
    public static ProblemType of(String slug, String title) {
        return new ProblemType(URI.create(BASE + slug), title);
    }

    /** The generic type for an HTTP status that no more specific type describes. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : of("http-" + status, "HTTP " + status);
        };
    }
}
