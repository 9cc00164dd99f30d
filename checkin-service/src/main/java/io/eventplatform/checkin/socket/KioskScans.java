package io.eventplatform.checkin.socket;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.checkin.checkin.CheckInService;
import io.eventplatform.checkin.checkin.ScanCommand;
import io.eventplatform.checkin.checkin.ScanDirection;
import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveMessages;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.quarkus.logging.Log;

/**
 * What the kiosk socket does with a command: a {@code scan} gets one answer; a {@code sync} (the
 * scans a kiosk admitted offline) gets one answer per scan, in order, so a bad item is refused on
 * its own and never costs the others. Keeps the socket endpoint free of logic.
 */
@ApplicationScoped
public class KioskScans {

    /** A request id sent again with a different command; like a reused {@code Idempotency-Key}. */
    public static final ProblemType REQUEST_ID_REUSED = ProblemType.of("request-id-reused", "Request id reused");

    private final CheckInService checkIns;
    private final KioskRequests requests;
    private final LiveMessages messages;
    private final ObjectMapper json;
    private final Validator validator;
    private final int maxBatch;

    /** A scan's answer: its result, or why it was not processed. */
    sealed interface Answer {
    }

    record Scanned(ScanResult result) implements Answer {
    }

    record Refused(Problem problem) implements Answer {
    }

    public KioskScans(CheckInService checkIns, KioskRequests requests, LiveMessages messages, ObjectMapper json,
            Validator validator, CheckinConfig config) {
        this.checkIns = checkIns;
        this.requests = requests;
        this.messages = messages;
        this.json = json;
        this.validator = validator;
        this.maxBatch = config.offline().maxBatch();
    }

    /** The answer to one message from a kiosk, ready to send. */
    public String handle(String text, Caller caller, String eventId) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            return messages.error(null, problem(ProblemType.MALFORMED_REQUEST, 400,
                    "The message is not a JSON command object.", List.of()));
        }
        return "sync".equals(message.path("type").asText()) ? sync(message, caller, eventId)
                : scan(message, caller, eventId);
    }

    private String scan(JsonNode message, Caller caller, String eventId) {
        KioskCommand command;
        try {
            command = json.treeToValue(message, KioskCommand.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return messages.error(text(message.get("requestId")), problem(ProblemType.MALFORMED_REQUEST, 400,
                    "The message is not a scan command: a field has the wrong JSON type.", List.of()));
        }
        List<Problem.Violation> violations = violations(command);
        Instant scannedAt = scannedAt(command.scannedAt(), violations);
        if (!violations.isEmpty()) {
            return messages.error(command.requestId(), problem(ProblemType.VALIDATION, 400,
                    "The scan command has invalid fields.", violations));
        }
        Answer answer = answer(caller, eventId, command.requestId(), command.ticket(), command.direction(), scannedAt);
        return answer instanceof Scanned scanned ? messages.scanResult(command.requestId(), scanned.result())
                : messages.error(command.requestId(), ((Refused) answer).problem());
    }

    private String sync(JsonNode message, Caller caller, String eventId) {
        SyncCommand command;
        try {
            command = json.treeToValue(message, SyncCommand.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return messages.error(text(message.get("requestId")), problem(ProblemType.MALFORMED_REQUEST, 400,
                    "The message is not a sync command: a field has the wrong JSON type.", List.of()));
        }
        List<Problem.Violation> violations = violations(command);
        if (command.scans() != null && !command.scans().isArray()) {
            violations.add(new Problem.Violation("scans", "must be an array of scans"));
        } else if (command.scans() != null && (command.scans().isEmpty() || command.scans().size() > maxBatch)) {
            violations.add(new Problem.Violation("scans", "must hold 1 to " + maxBatch + " scans"));
        }
        if (!violations.isEmpty()) {
            return messages.error(command.requestId(), problem(ProblemType.VALIDATION, 400,
                    "The sync command has invalid fields; no scan of it was processed.", violations));
        }
        List<LiveMessages.SyncedScan> results = new ArrayList<>(command.scans().size());
        for (int index = 0; index < command.scans().size(); index++) {
            results.add(synced(index, command.scans().get(index), caller, eventId));
        }
        return messages.syncResult(command.requestId(), results);
    }

    /** One queued scan of a batch, answered on its own whatever is wrong with it. */
    private LiveMessages.SyncedScan synced(int index, JsonNode item, Caller caller, String eventId) {
        String requestId = item.isObject() ? text(item.get("requestId")) : null;
        SyncCommand.QueuedScan scan;
        try {
            scan = item.isObject() ? json.treeToValue(item, SyncCommand.QueuedScan.class) : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            scan = null;
        }
        if (scan == null) {
            return new LiveMessages.SyncedScan(index, requestId, null, problem(ProblemType.MALFORMED_REQUEST, 400,
                    "scans[" + index + "] is not a scan object with string fields.", List.of()));
        }
        List<Problem.Violation> violations = violations(scan);
        Instant scannedAt = scannedAt(scan.scannedAt(), violations);
        if (!violations.isEmpty()) {
            return new LiveMessages.SyncedScan(index, requestId, null, problem(ProblemType.VALIDATION, 400,
                    "scans[" + index + "] has invalid fields.", violations));
        }
        Answer answer = answer(caller, eventId, scan.requestId(), scan.ticket(), scan.direction(), scannedAt);
        return answer instanceof Scanned scanned ? new LiveMessages.SyncedScan(index, requestId, scanned.result(), null)
                : new LiveMessages.SyncedScan(index, requestId, null, ((Refused) answer).problem());
    }

    /** Applies one valid scan, or answers it from memory when it is a resend. */
    private Answer answer(Caller caller, String eventId, String requestId, String ticket, String directionValue,
            Instant scannedAt) {
        ScanDirection direction = "exit".equals(directionValue) ? ScanDirection.EXIT : ScanDirection.ENTRY;
        KioskRequests.Request request = new KioskRequests.Request(eventId, ticket, direction);
        KioskRequests.Known known = requests.lookup(caller.subject(), requestId, request);
        if (known instanceof KioskRequests.Answered answered) {
            return new Scanned(answered.result().asReplayed());
        }
        if (known instanceof KioskRequests.Reused) {
            return new Refused(problem(REQUEST_ID_REUSED, 422, "requestId " + requestId
                    + " was already used for another scan; nothing was changed. Give every scan a requestId of its own.",
                    List.of()));
        }
        try {
            // The direction is part of the stored request key, so a resend is recognised on any
            // instance only as the same command.
            ScanResult result = checkIns.scan(new ScanCommand(eventId, ticket, null, direction, gate(caller),
                    caller.subject(), caller.subject() + "/" + direction.value() + "/" + requestId, scannedAt));
            requests.remember(caller.subject(), requestId, request, result);
            return new Scanned(result);
        } catch (ProblemException e) {
            return new Refused(problem(e.type(), e.status(), e.getMessage(), e.violations()));
        } catch (RuntimeException e) {
            Log.errorf(e, "scan by kiosk %s failed", caller.subject());
            return new Refused(problem(ProblemType.SERVICE_UNAVAILABLE, 503,
                    "The scan could not be processed; resend it with the same requestId.", List.of()));
        }
    }

    /** The gate every scan of this kiosk is recorded at. */
    static String gate(Caller caller) {
        return caller.gate() != null ? caller.gate() : "kiosk:" + caller.subject();
    }

    private <T> List<Problem.Violation> violations(T command) {
        Set<ConstraintViolation<T>> found = validator.validate(command);
        List<Problem.Violation> fields = new ArrayList<>();
        found.forEach(v -> fields.add(new Problem.Violation(v.getPropertyPath().toString(), v.getMessage())));
        fields.sort((a, b) -> a.field().compareTo(b.field()));
        return fields;
    }

    /** The instant, or null; a well-shaped but impossible date becomes a violation. */
    private static Instant scannedAt(String value, List<Problem.Violation> violations) {
        if (value == null || violations.stream().anyMatch(v -> v.field().equals("scannedAt"))) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Problem.Violation("scannedAt", KioskCommand.INSTANT_MESSAGE));
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Problem problem(ProblemType type, int status, String detail, List<Problem.Violation> violations) {
        return new Problem(type.uri(), type.title(), status, detail, null, violations);
    }
}
