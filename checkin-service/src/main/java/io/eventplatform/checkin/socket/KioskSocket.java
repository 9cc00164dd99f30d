package io.eventplatform.checkin.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.checkin.checkin.CheckInService;
import io.eventplatform.checkin.checkin.ScanCommand;
import io.eventplatform.checkin.checkin.ScanDirection;
import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.checkin.live.LiveEvent;
import io.eventplatform.checkin.live.LiveEvents;
import io.eventplatform.checkin.live.LiveMessages;
import io.eventplatform.shared.auth.Caller;
import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * {@code /ws/checkin/kiosk/{eventId}}: a kiosk bound to one event (checked before the upgrade)
 * sends scan commands and gets each one's result and the event's live counts.
 * Messages: docs/websocket-protocol.md.
 */
@WebSocket(path = "/ws/checkin/kiosk/{eventId}", endpointId = UpgradeAuthentication.KIOSK)
public class KioskSocket {

    /** Close code for a socket that cannot be served as asked. */
    static final int POLICY_VIOLATION = 1008;
    /** A request id sent again with a different command; like a reused {@code Idempotency-Key}. */
    public static final ProblemType REQUEST_ID_REUSED = ProblemType.of("request-id-reused", "Request id reused");

    private final CheckInService checkIns;
    private final LiveEvents liveEvents;
    private final LiveMessages messages;
    private final KioskRequests requests;
    private final ObjectMapper json;
    private final Validator validator;
    private final int queueLimit;
    private final Vertx vertx;

    public KioskSocket(CheckInService checkIns, LiveEvents liveEvents, LiveMessages messages, KioskRequests requests,
            ObjectMapper json, Validator validator, CheckinConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.checkIns = checkIns;
        this.liveEvents = liveEvents;
        this.messages = messages;
        this.requests = requests;
        this.json = json;
        this.validator = validator;
        this.queueLimit = config.live().connectionQueue();
    }

    @OnOpen
    void open(WebSocketConnection connection) {
        Caller caller = connection.userData().get(SocketCaller.CALLER);
        ConnectionOutbox outbox = new ConnectionOutbox(connection, queueLimit);
        connection.userData().put(SocketCaller.OUTBOX, outbox);
        connection.userData().put(SocketCaller.EXPIRY_TIMER, TokenExpiry.closeAtExpiry(vertx, caller.expiresAt(), outbox));
        liveEvents.live(connection.pathParam("eventId")).ifPresentOrElse(live -> {
            connection.userData().put(SocketCaller.LIVE_EVENT, live);
            live.attachKiosk(outbox, gate(caller));
        }, () -> outbox.close(POLICY_VIOLATION, "unknown event"));
    }

    @OnTextMessage
    void scan(String text, WebSocketConnection connection) {
        ConnectionOutbox outbox = connection.userData().get(SocketCaller.OUTBOX);
        Caller caller = connection.userData().get(SocketCaller.CALLER);
        KioskCommand command;
        try {
            command = json.readValue(text, KioskCommand.class);
        } catch (JsonProcessingException e) {
            outbox.offer(messages.error(null, problem(ProblemType.MALFORMED_REQUEST, 400,
                    "The message is not a JSON scan command.", List.of())));
            return;
        }
        Set<ConstraintViolation<KioskCommand>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            List<Problem.Violation> fields = new ArrayList<>();
            violations.forEach(v -> fields.add(new Problem.Violation(v.getPropertyPath().toString(), v.getMessage())));
            fields.sort((a, b) -> a.field().compareTo(b.field()));
            outbox.offer(messages.error(command.requestId(), problem(ProblemType.VALIDATION, 400,
                    "The scan command has invalid fields.", fields)));
            return;
        }
        ScanDirection direction = "exit".equals(command.direction()) ? ScanDirection.EXIT : ScanDirection.ENTRY;
        String eventId = connection.pathParam("eventId");
        KioskRequests.Request request = new KioskRequests.Request(eventId, command.ticket(), direction);
        KioskRequests.Known known = requests.lookup(caller.subject(), command.requestId(), request);
        if (known instanceof KioskRequests.Answered answered) {
            outbox.offer(messages.scanResult(command.requestId(), replayed(answered.result())));
            return;
        }
        if (known instanceof KioskRequests.Reused) {
            outbox.offer(messages.error(command.requestId(), problem(REQUEST_ID_REUSED, 422,
                    "requestId " + command.requestId() + " was already used for another scan; nothing was changed."
                            + " Give every scan a requestId of its own.",
                    List.of())));
            return;
        }
        try {
            // The direction is part of the stored request key, so a resend is recognised on any
            // instance only as the same command.
            ScanResult result = checkIns.scan(new ScanCommand(eventId, command.ticket(), null, direction,
                    gate(caller), caller.subject(),
                    caller.subject() + "/" + direction.value() + "/" + command.requestId()));
            requests.remember(caller.subject(), command.requestId(), request, result);
            outbox.offer(messages.scanResult(command.requestId(), result));
        } catch (ProblemException e) {
            outbox.offer(messages.error(command.requestId(), problem(e.type(), e.status(), e.getMessage(), e.violations())));
        } catch (RuntimeException e) {
            Log.errorf(e, "scan by kiosk %s failed", caller.subject());
            outbox.offer(messages.error(command.requestId(), problem(ProblemType.SERVICE_UNAVAILABLE, 503,
                    "The scan could not be processed; resend it with the same requestId.", List.of())));
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        Long expiry = connection.userData().get(SocketCaller.EXPIRY_TIMER);
        if (expiry != null) {
            vertx.cancelTimer(expiry);
        }
        LiveEvent live = connection.userData().get(SocketCaller.LIVE_EVENT);
        if (live != null) {
            live.detachKiosk(connection.userData().get(SocketCaller.OUTBOX));
        }
    }

    private static String gate(Caller caller) {
        return caller.gate() != null ? caller.gate() : "kiosk:" + caller.subject();
    }

    private static ScanResult replayed(ScanResult earlier) {
        return new ScanResult(earlier.outcome(), earlier.eventId(), earlier.registrationId(), earlier.attendeeName(),
                earlier.gate(), earlier.at(), earlier.firstCheckIn(), true, 0);
    }

    private static Problem problem(ProblemType type, int status, String detail, List<Problem.Violation> violations) {
        return new Problem(type.uri(), type.title(), status, detail, null, violations);
    }
}
