package io.eventplatform.checkin.checkin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.checkin.config.CheckinConfig;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.problem.Problem;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.shared.ticket.TicketVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;

/**
 * Applies scans and undos. Decisions read the registration, the write is conditional on what
 * was read, and a failed condition re-decides on the item as it now is: so two kiosks scanning
 * one ticket at once get one {@code checked_in} and one {@code already_checked_in}. A ticket scan
 * also needs the ticket's version to be the registration's current one, on that same read and in
 * that same condition: a re-issue revokes the lost ticket at once, at no extra round trip.
 */
@ApplicationScoped
public class CheckInService {

    public static final ProblemType NOT_CHECKED_IN = ProblemType.of("not-checked-in", "Not checked in");
    public static final ProblemType UNKNOWN_EVENT = ProblemType.of("unknown-event", "Unknown event");
    /** An offline scan whose scan time lies ahead of the server's clock (beyond the allowed skew). */
    public static final ProblemType SCANNED_AT_IN_FUTURE = ProblemType.of("scanned-at-in-future", "Scan time in the future");
    /** An offline scan older than the offline window: too late to be applied as made. */
    public static final ProblemType SCANNED_AT_OUTSIDE_WINDOW = ProblemType.of("scanned-at-outside-window",
            "Scan time outside the offline window");
    /** A state change retries this often when other writers keep changing the registration under it. */
    private static final int MAX_DECISIONS = 8;
    /** Where staff scan when they name no gate. */
    public static final String STAFF_GATE = "staff";
    /** Distinct gates this instance times scans under; later ones are timed as {@code other}. */
    static final int MAX_GATE_TAGS = 100;

    private final CheckInRepository repository;
    private final TicketVerifier tickets;
    private final MeterRegistry meters;
    private final CheckinConfig.Offline offline;
    private final GateTags gateTags = new GateTags(MAX_GATE_TAGS);

    public CheckInService(CheckInRepository repository, TicketVerifier tickets, MeterRegistry meters,
            CheckinConfig config) {
        this.repository = repository;
        this.tickets = tickets;
        this.meters = meters;
        this.offline = config.offline();
    }

    /**
     * Answers one scan; every answer, accepted or not, is timed in {@code checkin.scan.latency}.
     * An offline scan's time must lie within the offline window (422 problem otherwise, nothing changed).
     */
    public ScanResult scan(ScanCommand command) {
        if (command.offline()) {
            requireWithinWindow(command.scannedAt());
        }
        long started = System.nanoTime();
        ScanResult result = decide(command, started);
        long nanos = System.nanoTime() - started;
        Timer.builder("checkin.scan.latency")
                .description("Time from receiving a scan to answering it")
                .tag("outcome", result.outcome())
                .tag("direction", command.direction().value())
                .tag("gate", gateTags.tagFor(command.gate()))
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
        Log.debugf("scan at %s gate %s by %s: %s in %d µs", command.eventId(), command.gate(), command.by(),
                result.outcome(), nanos / 1000);
        return result;
    }

    /**
     * Where a scan happens: a kiosk's gate is the one its token names; otherwise the gate staff
     * name must be one of the event's ({@link EventItem#gates()}), and none named is {@value #STAFF_GATE}.
     * An unknown gate is refused (400) before it can add a counter or a metric; so is any gate
     * at an event that does not exist (404).
     */
    public String gate(String eventId, String tokenGate, String requestedGate) {
        if (tokenGate != null) {
            return tokenGate;
        }
        if (requestedGate == null) {
            return STAFF_GATE;
        }
        EventItem event = repository.event(eventId)
                .orElseThrow(() -> new ProblemException(404, UNKNOWN_EVENT, "No event " + eventId + "."));
        if (!event.gates().contains(requestedGate)) {
            throw new ProblemException(400, ProblemType.VALIDATION, "The request has invalid fields.",
                    List.of(new Problem.Violation("gate", event.gates().isEmpty()
                            ? "this event has no gates; leave gate out"
                            : "must be one of this event's gates: " + String.join(", ", event.gates()))));
        }
        return requestedGate;
    }

    private ScanResult decide(ScanCommand command, long started) {
        String registrationId = command.registrationId();
        TicketToken ticket = null;
        if (command.ticket() != null) {
            try {
                ticket = tickets.verify(command.ticket());
            } catch (InvalidTicketException e) {
                ScanOutcome outcome = e.type().equals(InvalidTicketException.EXPIRED) ? ScanOutcome.TICKET_EXPIRED
                        : ScanOutcome.INVALID_TICKET;
                return answer(outcome, command, null, null, false, started);
            }
            if (!ticket.eventId().equals(command.eventId())) {
                return answer(ScanOutcome.WRONG_EVENT, command, ticket.registrationId(), null, false, started);
            }
            registrationId = ticket.registrationId();
        }
        Optional<Attendance> found = repository.find(command.eventId(), registrationId);
        if (found.isEmpty()) {
            return answer(ScanOutcome.UNKNOWN_REGISTRATION, command, registrationId, null, false, started);
        }
        Attendance current = found.get();
        for (int decision = 0; decision < MAX_DECISIONS; decision++) {
            if (current == null) {
                return answer(ScanOutcome.UNKNOWN_REGISTRATION, command, registrationId, null, false, started);
            }
            if (command.requestKey().equals(current.lastScanRequest()) && current.lastScanOutcome() != null) {
                // This very request was applied before (a resend): answer it again, change nothing.
                return answer(ScanOutcome.fromValue(current.lastScanOutcome()), command, registrationId, current, true,
                        started);
            }
            if (current.offlineAdmissions().contains(command.requestKey())) {
                return replayedOfflineAdmission(command, registrationId, current, started);
            }
            if (ticket != null && ticket.version() != current.registration().ticketVersion()) {
                // A re-issued ticket's predecessor: no name for whoever holds it, and nothing changes.
                return answer(ScanOutcome.TICKET_REVOKED, command, registrationId, null, false, started);
            }
            RegistrationStatus status = current.registration().status();
            if (status == RegistrationStatus.CANCELLED) {
                return answer(ScanOutcome.CANCELLED, command, registrationId, current, false, started);
            }
            if (status == RegistrationStatus.WAITLISTED) {
                return answer(ScanOutcome.WAITLISTED, command, registrationId, current, false, started);
            }
            ScanOutcome intended = intended(command.direction(), current);
            Long ticketVersion = ticket == null ? null : ticket.version();
            if (command.offline() && command.direction() == ScanDirection.ENTRY && current.checkedIn()
                    && (command.scannedAt().isBefore(current.checkedInAt()) || current.inside())) {
                // Two admissions of one ticket: the earliest is the check-in, the other a conflict.
                boolean earlier = command.scannedAt().isBefore(current.checkedInAt());
                ScanWrite write = new ScanWrite(command.scannedAt(), command.gate(), command.by(), command.requestKey(),
                        earlier ? ScanOutcome.CHECKED_IN : ScanOutcome.ALREADY_CHECKED_IN, ticketVersion, true);
                WriteOutcome outcome = earlier ? repository.takeOverFirstCheckIn(current, write)
                        : repository.recordConflict(current, write);
                if (outcome instanceof WriteOutcome.Stale stale) {
                    current = stale.current();
                    continue;
                }
                return earlier
                        ? result(ScanOutcome.CHECKED_IN, command, registrationId, current, write.at(),
                                new ScanResult.FirstCheckIn(write.at(), write.gate(), write.by()),
                                new ScanResult.Admission(current.checkedInAt(), current.gate(), current.checkedInBy()),
                                started)
                        : result(ScanOutcome.ALREADY_CHECKED_IN, command, registrationId, current, write.at(),
                                firstCheckIn(current), ScanResult.Admission.of(write.asConflict()), started);
            }
            if (!intended.changedState()) {
                return answer(intended, command, registrationId, current, false, started);
            }
            ScanWrite write = new ScanWrite(command.offline() ? command.scannedAt() : now(), command.gate(),
                    command.by(), command.requestKey(), intended, ticketVersion,
                    command.offline() && intended == ScanOutcome.CHECKED_IN);
            WriteOutcome outcome = switch (intended) {
                case CHECKED_IN -> repository.checkIn(current, write);
                case RE_ENTERED -> repository.reEnter(current, write);
                default -> repository.exit(current, write);
            };
            if (outcome instanceof WriteOutcome.Stale stale) {
                current = stale.current();
                continue;
            }
            ScanResult.FirstCheckIn first = intended == ScanOutcome.CHECKED_IN
                    ? new ScanResult.FirstCheckIn(write.at(), write.gate(), write.by())
                    : firstCheckIn(current);
            return new ScanResult(intended.value(), command.eventId(), registrationId,
                    current.registration().attendeeName(), command.gate(), write.at(), first, false,
                    (System.nanoTime() - started) / 1_000_000);
        }
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                "The registration kept changing while checking in; try again.");
    }

    private void requireWithinWindow(Instant scannedAt) {
        Instant now = Instant.now();
        if (scannedAt.isAfter(now.plus(offline.clockSkew()))) {
            throw new ProblemException(422, SCANNED_AT_IN_FUTURE, "scannedAt " + scannedAt
                    + " lies ahead of the server's clock (" + now.truncatedTo(ChronoUnit.SECONDS)
                    + ") by more than " + offline.clockSkew() + "; check the kiosk's clock. Nothing was changed.");
        }
        if (scannedAt.isBefore(now.minus(offline.window()))) {
            throw new ProblemException(422, SCANNED_AT_OUTSIDE_WINDOW, "scannedAt " + scannedAt + " is older than the "
                    + offline.window() + " an offline scan may wait; nothing was changed. Check the attendee in at"
                    + " the staff desk if they are still here.");
        }
    }

    /** The answer an applied offline admission got: the check-in, or a conflict recorded against it. */
    private static ScanResult replayedOfflineAdmission(ScanCommand command, String registrationId, Attendance current,
            long started) {
        if (command.requestKey().equals(current.checkedInRequest())) {
            return result(ScanOutcome.CHECKED_IN, command, registrationId, current, current.checkedInAt(),
                    firstCheckIn(current), null, started).asReplayed();
        }
        ScanResult.Admission conflict = current.conflictOf(command.requestKey()).map(ScanResult.Admission::of)
                .orElse(null);
        return result(ScanOutcome.ALREADY_CHECKED_IN, command, registrationId, current,
                conflict == null ? now() : conflict.at(), firstCheckIn(current), conflict, started).asReplayed();
    }

    private static ScanResult result(ScanOutcome outcome, ScanCommand command, String registrationId,
            Attendance current, Instant at, ScanResult.FirstCheckIn first, ScanResult.Admission conflict,
            long started) {
        return new ScanResult(outcome.value(), command.eventId(), registrationId,
                current.registration().attendeeName(), command.gate(), at, first, false,
                (System.nanoTime() - started) / 1_000_000, conflict);
    }

    private static ScanOutcome intended(ScanDirection direction, Attendance current) {
        if (direction == ScanDirection.ENTRY) {
            if (!current.checkedIn()) {
                return ScanOutcome.CHECKED_IN;
            }
            return current.inside() ? ScanOutcome.ALREADY_CHECKED_IN : ScanOutcome.RE_ENTERED;
        }
        if (!current.checkedIn()) {
            return ScanOutcome.NOT_CHECKED_IN;
        }
        return current.inside() ? ScanOutcome.EXITED : ScanOutcome.NOT_INSIDE;
    }

    /** Undoes a registration's check-in (staff): it may check in again, and the counters lose it. */
    public ScanResult undo(String eventId, String registrationId, String by) {
        long started = System.nanoTime();
        Attendance current = repository.find(eventId, registrationId)
                .orElseThrow(() -> ProblemException.notFound("No registration " + registrationId + " at event " + eventId + "."));
        for (int decision = 0; decision < MAX_DECISIONS; decision++) {
            if (current == null) {
                throw ProblemException.notFound("No registration " + registrationId + " at event " + eventId + ".");
            }
            if (!current.checkedIn()) {
                throw ProblemException.conflict(NOT_CHECKED_IN, "Registration " + registrationId + " is not checked in.");
            }
            ScanWrite write = new ScanWrite(now(), STAFF_GATE, by, "undo:" + UUID.randomUUID(),
                    ScanOutcome.CHECK_IN_UNDONE, null);
            WriteOutcome outcome = repository.undo(current, write);
            if (outcome instanceof WriteOutcome.Stale stale) {
                current = stale.current();
                continue;
            }
            RegistrationItem registration = current.registration();
            return new ScanResult(ScanOutcome.CHECK_IN_UNDONE.value(), eventId, registrationId,
                    registration.attendeeName(), STAFF_GATE, write.at(),
                    new ScanResult.FirstCheckIn(registration.checkedInAt(), registration.checkedInGate(),
                            current.checkedInBy()),
                    false, (System.nanoTime() - started) / 1_000_000);
        }
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                "The registration kept changing while undoing; try again.");
    }

    /** The exact counters of an event. */
    public CheckInCounts counts(String eventId) {
        return repository.counts(eventId);
    }

    /** Fails with 404 problem when the event does not exist. */
    public void requireEvent(String eventId) {
        if (repository.event(eventId).isEmpty()) {
            throw new ProblemException(404, UNKNOWN_EVENT, "No event " + eventId + ".");
        }
    }

    private static ScanResult answer(ScanOutcome outcome, ScanCommand command, String registrationId,
            Attendance attendance, boolean replayed, long started) {
        return new ScanResult(outcome.value(), command.eventId(), registrationId,
                attendance == null ? null : attendance.registration().attendeeName(), command.gate(), now(),
                attendance == null ? null : firstCheckIn(attendance), replayed,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Stored instants have milliseconds; answers use the same, so they compare equal to what is stored. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ScanResult.FirstCheckIn firstCheckIn(Attendance attendance) {
        return attendance.checkedIn()
                ? new ScanResult.FirstCheckIn(attendance.checkedInAt(), attendance.gate(), attendance.checkedInBy())
                : null;
    }
}
