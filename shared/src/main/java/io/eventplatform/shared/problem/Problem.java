package io.eventplatform.shared.problem;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document, the body of every 4xx/5xx answer.
 *
 * @param type stable URI naming the kind of problem; clients switch on it
 * @param title short human summary of the kind
 * @param status the HTTP status
 * @param detail human explanation of this occurrence
 * @param instance the request path it happened on
 * @param violations per-field problems of a validation error
 */
// Serialised by hand (ProblemResponses), so native images must keep its accessors.
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance,
        List<Violation> violations) {

    /** One invalid field: its path in the request and what is wrong with it. */
    @RegisterForReflection
    public record Violation(String field, String message) {
    }
}
