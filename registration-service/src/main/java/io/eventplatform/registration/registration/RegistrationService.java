package io.eventplatform.registration.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.config.RegistrationConfig;
import io.eventplatform.registration.event.EventProblems;
import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.event.RecentEvents;
import io.eventplatform.registration.event.StoredEvent;
import io.eventplatform.registration.idempotency.Answer;
import io.eventplatform.registration.idempotency.Idempotency;
import io.eventplatform.registration.idempotency.IdempotentRequest;
import io.eventplatform.registration.registration.RegistrationRepository.CancelOutcome;
import io.eventplatform.registration.registration.RegistrationRepository.RegisterResult;
import io.eventplatform.registration.registration.RegistrationRepository.Seat;
import io.eventplatform.registration.ticket.TicketSigner;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventItem.EventState;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.eventplatform.shared.ticket.TicketToken;
import io.quarkus.logging.Log;

/** Registering, cancelling (with waitlist promotion) and looking registrations up. */
@ApplicationScoped
public class RegistrationService {

    /** Bounds the retries of one cancellation racing others for the same waitlisted candidates. */
    private static final int CANCEL_ATTEMPTS = 100;

    private final EventRepository events;
    private final RecentEvents recentEvents;
    private final RegistrationRepository registrations;
    private final WaitlistPromoter promoter;
    private final Idempotency idempotency;
    private final TicketSigner signer;
    private final RegistrationConfig config;
    private final Clock clock;

    public RegistrationService(EventRepository events, RecentEvents recentEvents, RegistrationRepository registrations, WaitlistPromoter promoter,
            Idempotency idempotency, TicketSigner signer, RegistrationConfig config, Clock clock) {
        this.events = events;
        this.recentEvents = recentEvents;
        this.registrations = registrations;
        this.promoter = promoter;
        this.idempotency = idempotency;
        this.signer = signer;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Registers an attendee: a seat while one is free (and nobody waits), else a waitlist place,
     * else 409. Seats, the email guard and the idempotency record are one transaction.
     */
    public Answer<RegistrationReceipt> register(String eventId, RegistrationRequest request, String idempotencyKey) {
        IdempotentRequest keyed = idempotency.request("register", idempotencyKey, eventId, request);
        var replay = idempotency.replay(keyed, RegistrationReceipt.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        Instant now = clock.instant();
        Plan plan = recentEvents.find(eventId).flatMap(recent -> plannedSeat(recent, request, now))
                .orElseGet(() -> plan(recentEvents.read(eventId).orElse(null), eventId, request, now));
        String registrationId = UUID.randomUUID().toString();
        String email = RegistrationItem.normaliseEmail(request.email());
        String ticket = null;
        Instant ticketExpiresFrom = null;
        // Each refusal says why; a refused seat becomes a waitlist place, at most a few flips under churn.
        for (int attempt = 0; attempt < 10; attempt++) {
            EventItem event = plan.event().event();
            RegistrationStatus status = plan.seat() == Seat.CONFIRMED ? RegistrationStatus.CONFIRMED
                    : RegistrationStatus.WAITLISTED;
            RegistrationItem item = new RegistrationItem(registrationId, eventId, request.name().strip(), email, status,
                    now, plan.answers(), null, null, false, 1, RegistrationItem.FIRST_TICKET_VERSION,
                    event.endsAt().plus(config.retention()).getEpochSecond());
            // The ticket names no status: sign once unless an edit moved the event's end.
            if (!event.endsAt().equals(ticketExpiresFrom)) {
                ticket = signer.sign(item, event.endsAt());
                ticketExpiresFrom = event.endsAt();
            }
            Answer<RegistrationReceipt> answer = Answer.of(201, new RegistrationReceipt(RegistrationView.of(item), ticket));
            RegisterResult result = registrations.register(item, plan.seat(), event.version(), now,
                    idempotency.record(keyed, answer));
            switch (result.outcome()) {
                case CREATED -> {
                    Log.debugf("registered %s at %s as %s", registrationId, eventId, status.value());
                    if (plan.seat() == Seat.WAITLISTED) {
                        // Seats freed while the index lagged wait for a sweep; this is one.
                        promoter.promoteWhileSeatsFree(eventId);
                    }
                    return answer;
                }
                case EMAIL_TAKEN -> throw ProblemException.conflict(RegistrationProblems.ALREADY_REGISTERED,
                        "This email already holds a registration for this event. Use the ticket you received when "
                                + "you registered; if it is lost, the organizer can re-issue it "
                                + "(see docs/registration-api.md#lost-ticket).");
                case IDEMPOTENCY_KEY_TAKEN -> {
                    return idempotency.replayOfConcurrentTwin(keyed, RegistrationReceipt.class);
                }
                case EVENT_REFUSED -> {
                    // The refusal carries the event as stored: decide again from that.
                    StoredEvent stored = result.event().orElse(null);
                    if (stored != null) {
                        recentEvents.remember(stored);
                    }
                    plan = plan(stored, eventId, request, now);
                }
                default -> throw new IllegalStateException("unknown outcome " + result.outcome());
            }
        }
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                "The event's seats are changing too fast; retry with the same Idempotency-Key.");
    }

    /** What a registration will try: the event it was checked against, the validated answers and the seat. */
    private record Plan(StoredEvent event, Map<String, List<String>> answers, Seat seat) {
    }

    /** A plan, or a problem saying why the event takes no registration now. */
    private static Plan plan(StoredEvent event, String eventId, RegistrationRequest request, Instant now) {
        if (event == null || event.event().state() == EventState.DRAFT) {
            throw EventProblems.unknownEvent(eventId);
        }
        requireOpen(event.event(), now);
        return new Plan(event, AnswerValidator.validate(event.event().questions(), request.answers()), seatFor(event));
    }

    /**
     * The plan from a recent snapshot, only when it is a seat: the transaction re-checks that, while
     * a refusal or a waitlist place is decided again on a consistent read.
     */
    private static Optional<Plan> plannedSeat(StoredEvent recent, RegistrationRequest request, Instant now) {
        try {
            Plan plan = plan(recent, recent.event().eventId(), request, now);
            return plan.seat() == Seat.CONFIRMED ? Optional.of(plan) : Optional.empty();
        } catch (ProblemException refusal) {
            return Optional.empty();
        }
    }

    /** A seat if one is free and nobody waits, else a waitlist place, else the event is full. */
    private static Seat seatFor(StoredEvent event) {
        if (event.remaining() > 0 && event.counts().waitlisted() == 0) {
            return Seat.CONFIRMED;
        }
        if (!event.event().waitlistEnabled()) {
            throw ProblemException.conflict(RegistrationProblems.EVENT_FULL,
                    "All " + event.event().capacity() + " seats are taken and this event has no waitlist.");
        }
        return Seat.WAITLISTED;
    }

    private static void requireOpen(EventItem event, Instant now) {
        if (event.state() == EventState.CLOSED || !now.isBefore(event.registrationClosesAt())) {
            throw ProblemException.conflict(RegistrationProblems.REGISTRATION_CLOSED,
                    "Registration for this event is closed.");
        }
        if (now.isBefore(event.registrationOpensAt())) {
            throw ProblemException.conflict(RegistrationProblems.REGISTRATION_NOT_OPEN,
                    "Registration opens at " + event.registrationOpensAt() + ".");
        }
    }

    /**
     * Cancels a registration. If it held a seat, the oldest waitlisted registration gets it in
     * the same transaction; racing cancellations that pick the same candidate move to the next.
     */
    public Answer<RegistrationView> cancel(String eventId, String registrationId, String idempotencyKey) {
        return cancel(eventId, registrationId, null, idempotencyKey);
    }

    /**
     * Cancels the registration a ticket names, only while the ticket is its current one: a ticket
     * replaced by a re-issue is refused, also when the re-issue races this cancellation.
     */
    public Answer<RegistrationView> cancel(TicketToken ticket, String idempotencyKey) {
        ticket.requireCurrent(find(ticket.eventId(), ticket.registrationId()).ticketVersion());
        return cancel(ticket.eventId(), ticket.registrationId(), ticket, idempotencyKey);
    }

    private Answer<RegistrationView> cancel(String eventId, String registrationId, TicketToken ticket,
            String idempotencyKey) {
        IdempotentRequest keyed = idempotency.request("cancel", idempotencyKey, eventId, registrationId);
        var replay = idempotency.replay(keyed, RegistrationView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        RegistrationItem registration = find(eventId, registrationId);
        Set<String> goneCandidates = new HashSet<>();
        for (int attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
            if (ticket != null) {
                ticket.requireCurrent(registration.ticketVersion());
            }
            if (registration.status() == RegistrationStatus.CANCELLED) {
                return Answer.of(200, RegistrationView.of(registration));
            }
            if (registration.checkedInAt() != null) {
                throw ProblemException.conflict(RegistrationProblems.CHECKED_IN,
                        "This registration is already checked in; it can no longer be cancelled.");
            }
            RegistrationItem candidate = registration.status() == RegistrationStatus.CONFIRMED
                    ? nextCandidate(eventId, goneCandidates) : null;
            RegistrationItem cancelled = withStatus(registration, RegistrationStatus.CANCELLED);
            Answer<RegistrationView> answer = Answer.of(200, RegistrationView.of(cancelled));
            CancelOutcome outcome = registrations.cancel(registration, candidate, idempotency.record(keyed, answer));
            switch (outcome) {
                case CANCELLED -> {
                    Log.debugf("cancelled %s at %s, promoted %s", registrationId, eventId,
                            candidate == null ? "nobody" : candidate.registrationId());
                    promoter.promoteWhileSeatsFree(eventId);
                    return answer;
                }
                case CANDIDATE_GONE -> goneCandidates.add(candidate.registrationId());
                case REGISTRATION_CHANGED -> registration = find(eventId, registrationId);
                case IDEMPOTENCY_KEY_TAKEN -> {
                    return idempotency.replayOfConcurrentTwin(keyed, RegistrationView.class);
                }
                default -> throw new IllegalStateException("unknown outcome " + outcome);
            }
        }
        throw new ProblemException(503, ProblemType.SERVICE_UNAVAILABLE,
                "Too many concurrent changes to this event; retry with the same Idempotency-Key.");
    }

    private RegistrationItem nextCandidate(String eventId, Set<String> gone) {
        return registrations.waitlistCandidates(eventId, gone.size() + 5).stream()
                .filter(c -> !gone.contains(c.registrationId()))
                .findFirst().orElse(null);
    }

    public RegistrationItem find(String eventId, String registrationId) {
        return registrations.find(registrationId, eventId)
                .orElseThrow(() -> ProblemException.notFound("No registration " + registrationId + " at this event."));
    }

    public RegistrationPage page(String eventId, String state, boolean newestFirst, String cursor, int limit) {
        events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId));
        RegistrationRepository.Page page = registrations.page(eventId, state, newestFirst, cursor, limit);
        return new RegistrationPage(page.items().stream().map(RegistrationView::of).toList(), page.nextCursor());
    }

    public List<RegistrationView> byEmail(String email) {
        return registrations.byEmail(RegistrationItem.normaliseEmail(email)).stream()
                .map(RegistrationView::of).toList();
    }

    /**
     * A fresh ticket for an existing registration, for an organizer to pass on. It bumps the
     * registration's ticket version first, so the lost ticket (and any earlier one) stops working
     * in every service.
     */
    public TicketView reissueTicket(String eventId, String registrationId) {
        EventItem event = events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId)).event();
        RegistrationItem registration = registrations.bumpTicketVersion(registrationId, eventId)
                .orElseThrow(() -> ProblemException.notFound("No registration " + registrationId + " at this event."));
        Log.debugf("re-issued the ticket of %s at %s as version %d", registrationId, eventId,
                registration.ticketVersion());
        return new TicketView(registration.registrationId(), signer.sign(registration, event.endsAt()));
    }

    private static RegistrationItem withStatus(RegistrationItem r, RegistrationStatus status) {
        return new RegistrationItem(r.registrationId(), r.eventId(), r.attendeeName(), r.attendeeEmail(), status,
                r.registeredAt(), r.answers(), r.checkedInAt(), r.checkedInGate(), r.inside(), r.version() + 1,
                r.ticketVersion(), r.ttl());
    }
}
