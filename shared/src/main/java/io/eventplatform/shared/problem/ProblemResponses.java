package io.eventplatform.shared.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders problems; the one place that knows the media type and the JSON shape. */
@ApplicationScoped
public class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The Retry-After of every 503: the contention or hiccup behind one is over within a second. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final ObjectMapper objectMapper;

    public ProblemResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public Problem problem(int status, ProblemType type, String detail, String path,
            List<Problem.Violation> violations) {
        return new Problem(type.uri(), type.title(), status, detail, path, violations);
    }

    /** The problem as JSON text; problem records always serialise. */
    public String json(Problem problem) {
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("problem record did not serialise", e);
        }
    }
}
