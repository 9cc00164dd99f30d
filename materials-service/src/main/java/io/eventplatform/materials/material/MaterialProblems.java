package io.eventplatform.materials.material;

import java.util.List;

import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/** The problem types materials-service adds to the shared ones (documented in docs/materials-api.md). */
public final class MaterialProblems {

    public static final ProblemType UNSUPPORTED_CONTENT_TYPE = ProblemType.of("unsupported-material-type",
            "Content type not allowed for materials");
    public static final ProblemType EMPTY_FILE = ProblemType.of("empty-file", "Empty file");
    public static final ProblemType LENGTH_REQUIRED = ProblemType.of("length-required", "Content-Length required");
    public static final ProblemType INVALID_FILE_NAME = ProblemType.of("invalid-file-name", "Invalid file name");
    public static final ProblemType UPLOAD_INTERRUPTED = ProblemType.of("upload-interrupted", "Upload interrupted");
    public static final ProblemType CHECKSUM_MISMATCH = ProblemType.of("checksum-mismatch",
            "The bytes do not match the declared SHA-256");
    public static final ProblemType UPLOAD_MISMATCH = ProblemType.of("upload-mismatch",
            "The uploaded object differs from what was declared");
    public static final ProblemType UPLOAD_NOT_FOUND = ProblemType.of("upload-not-found", "Upload not found");
    public static final ProblemType UPLOAD_INCOMPLETE = ProblemType.of("upload-incomplete",
            "Nothing was uploaded yet");
    public static final ProblemType VERSION_NOT_FOUND = ProblemType.of("version-not-found",
            "No such version of this material");
    public static final ProblemType MATERIAL_CHANGED = ProblemType.of("material-changed",
            "The material changed meanwhile");
    public static final ProblemType MATERIAL_DELETED = ProblemType.of("material-deleted", "The material is deleted");
    public static final ProblemType TICKET_REQUIRED = ProblemType.of("ticket-required",
            "A ticket is required for this material");
    public static final ProblemType NOT_CHECKED_IN = ProblemType.of("not-checked-in",
            "This material unlocks once you are checked in");

    private MaterialProblems() {
    }

    static ProblemException eventNotFound(String eventId) {
        return ProblemException.notFound("There is no event " + eventId + ".");
    }

    static ProblemException materialNotFound(String materialId) {
        return ProblemException.notFound("There is no material " + materialId + " at this event.");
    }

    static ProblemException invalidFileName(String message) {
        return new ProblemException(400, INVALID_FILE_NAME, message, List.of(new Problem.Violation("fileName", message)));
    }
}
