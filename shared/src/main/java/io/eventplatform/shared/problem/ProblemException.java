package io.eventplatform.shared.problem;

import java.util.List;

/**
 * A failure a client can act on. Thrown from service logic, turned into problem+json by
 * {@link ProblemMappers}; carries no HTTP types beyond the status number.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final ProblemType type;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, ProblemType type, String detail) {
        this(status, type, detail, List.of());
    }

    public ProblemException(int status, ProblemType type, String detail, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(ProblemType type, String detail) {
        return new ProblemException(409, type, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, ProblemType.VALIDATION, message,
                List.of(new Problem.Violation(field, message)));
    }

    public int status() {
        return status;
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}
