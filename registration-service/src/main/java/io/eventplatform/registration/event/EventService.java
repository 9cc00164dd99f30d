package io.eventplatform.registration.event;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventRepository.WriteOutcome;
import io.eventplatform.registration.idempotency.Answer;
import io.eventplatform.registration.idempotency.Idempotency;
import io.eventplatform.registration.idempotency.IdempotentRequest;
import io.eventplatform.registration.registration.WaitlistPromoter;
import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.EventItem.EventState;
import io.eventplatform.shared.item.EventItem.Question;
import io.eventplatform.shared.item.EventItem.QuestionType;
import io.eventplatform.shared.problem.Problem.Violation;
import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;
import io.quarkus.logging.Log;

/** Organizers' event lifecycle: create (draft), edit, publish, close; and what attendees may see. */
@ApplicationScoped
public class EventService {

    private final EventRepository events;
    private final Idempotency idempotency;
    private final WaitlistPromoter promoter;

    public EventService(EventRepository events, Idempotency idempotency, WaitlistPromoter promoter) {
        this.events = events;
        this.idempotency = idempotency;
        this.promoter = promoter;
    }

    public Answer<EventView> create(EventRequest request, String idempotencyKey) {
        IdempotentRequest keyed = idempotency.request("event-create", idempotencyKey, "events", request);
        var replay = idempotency.replay(keyed, EventView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        EventItem event = toItem(UUID.randomUUID().toString(), request, EventState.DRAFT, 1);
        Answer<EventView> answer = Answer.of(201, EventView.of(new StoredEvent(event, RegistrationCounts.NONE)));
        WriteOutcome outcome = events.create(event, idempotency.record(keyed, answer));
        if (outcome == WriteOutcome.IDEMPOTENCY_KEY_TAKEN) {
            return idempotency.replayOfConcurrentTwin(keyed, EventView.class);
        }
        Log.debugf("created event %s", event.eventId());
        return answer;
    }

    public Answer<EventView> update(String eventId, EventRequest request, String idempotencyKey) {
        IdempotentRequest keyed = idempotency.request("event-update", idempotencyKey, eventId, request);
        var replay = idempotency.replay(keyed, EventView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        StoredEvent current = events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId));
        if (current.event().state() == EventState.CLOSED) {
            throw ProblemException.conflict(EventProblems.WRONG_STATE, "A closed event cannot be edited.");
        }
        EventItem edited = toItem(eventId, request, current.event().state(), current.event().version() + 1);
        Answer<EventView> answer = Answer.of(200, EventView.of(new StoredEvent(edited, current.counts())));
        switch (events.update(edited, idempotency.record(keyed, answer))) {
            case NOT_FOUND -> throw EventProblems.unknownEvent(eventId);
            case CAPACITY_BELOW_CONFIRMED -> throw new ProblemException(409, EventProblems.CAPACITY_TOO_LOW,
                    "Capacity cannot go below the seats already confirmed; cancel registrations first.",
                    List.of(new Violation("capacity", "must be at least the number of confirmed registrations")));
            case IDEMPOTENCY_KEY_TAKEN -> {
                return idempotency.replayOfConcurrentTwin(keyed, EventView.class);
            }
            default -> {
            }
        }
        if (edited.capacity() > current.event().capacity()) {
            promoter.promoteWhileSeatsFree(eventId);
        }
        return answer;
    }

    public Answer<EventView> publish(String eventId, String idempotencyKey) {
        return changeState(eventId, EnumSet.of(EventState.DRAFT), EventState.PUBLISHED, "event-publish", idempotencyKey);
    }

    public Answer<EventView> close(String eventId, String idempotencyKey) {
        return changeState(eventId, EnumSet.of(EventState.DRAFT, EventState.PUBLISHED), EventState.CLOSED,
                "event-close", idempotencyKey);
    }

    private Answer<EventView> changeState(String eventId, Set<EventState> from, EventState to, String operation,
            String idempotencyKey) {
        IdempotentRequest keyed = idempotency.request(operation, idempotencyKey, eventId, to.value());
        var replay = idempotency.replay(keyed, EventView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        StoredEvent current = events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId));
        if (current.event().state() == to) {
            // Already there: nothing to write, the same answer as the write that got it there.
            return Answer.of(200, EventView.of(current));
        }
        EventItem changed = withState(current.event(), to);
        Answer<EventView> answer = Answer.of(200, EventView.of(new StoredEvent(changed, current.counts())));
        switch (events.changeState(eventId, from, to, idempotency.record(keyed, answer))) {
            case NOT_FOUND -> throw EventProblems.unknownEvent(eventId);
            case WRONG_STATE -> throw ProblemException.conflict(EventProblems.WRONG_STATE,
                    "The event is " + current.event().state().value() + "; it cannot become " + to.value() + ".");
            case IDEMPOTENCY_KEY_TAKEN -> {
                return idempotency.replayOfConcurrentTwin(keyed, EventView.class);
            }
            default -> {
            }
        }
        return answer;
    }

    /** An event as the caller may see it: drafts only for organizers. */
    public EventView find(String eventId, boolean organizer) {
        return EventView.of(visible(eventId, organizer));
    }

    public CountsView counts(String eventId) {
        return CountsView.of(events.find(eventId).orElseThrow(() -> EventProblems.unknownEvent(eventId)));
    }

    /** Published events for attendees; every event for organizers. Soonest first. */
    public List<EventView> list(boolean organizer) {
        return events.all().stream()
                .filter(e -> organizer || e.event().state() == EventState.PUBLISHED)
                .sorted(Comparator.comparing((StoredEvent e) -> e.event().startsAt()))
                .map(EventView::of)
                .toList();
    }

    private StoredEvent visible(String eventId, boolean organizer) {
        return events.find(eventId)
                .filter(e -> organizer || e.event().state() != EventState.DRAFT)
                .orElseThrow(() -> EventProblems.unknownEvent(eventId));
    }

    private static EventItem withState(EventItem e, EventState state) {
        return new EventItem(e.eventId(), e.name(), e.description(), e.venue(), e.startsAt(), e.endsAt(),
                e.timeZone(), e.capacity(), e.waitlistEnabled(), e.registrationOpensAt(), e.registrationClosesAt(),
                state, e.questions(), e.gates(), e.version() + 1);
    }

    /** Checks what Bean Validation cannot (relations between fields) and builds the item. */
    static EventItem toItem(String eventId, EventRequest request, EventState state, long version) {
        List<Violation> violations = new ArrayList<>();
        try {
            ZoneId.of(request.timeZone());
        } catch (DateTimeException e) {
            violations.add(new Violation("timeZone", "must be an IANA time zone such as Europe/Berlin"));
        }
        if (!request.endsAt().isAfter(request.startsAt())) {
            violations.add(new Violation("endsAt", "must be after startsAt"));
        }
        if (!request.registrationClosesAt().isAfter(request.registrationOpensAt())) {
            violations.add(new Violation("registrationClosesAt", "must be after registrationOpensAt"));
        }
        if (request.registrationClosesAt().isAfter(request.endsAt())) {
            violations.add(new Violation("registrationClosesAt", "must not be after endsAt"));
        }
        List<Question> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<QuestionRequest> requested = request.questions() == null ? List.of() : request.questions();
        for (int i = 0; i < requested.size(); i++) {
            QuestionRequest q = requested.get(i);
            String field = "questions[" + i + "]";
            QuestionType type = QuestionType.fromValue(q.type());
            List<String> options = q.options() == null ? List.of() : q.options();
            boolean choice = type == QuestionType.SINGLE_CHOICE || type == QuestionType.MULTIPLE_CHOICE;
            if (!ids.add(q.id())) {
                violations.add(new Violation(field + ".id", "must be unique within the event"));
            }
            if (choice && options.isEmpty()) {
                violations.add(new Violation(field + ".options", "a choice question needs options"));
            } else if (!choice && !options.isEmpty()) {
                violations.add(new Violation(field + ".options", "only choice questions have options"));
            } else if (new HashSet<>(options).size() != options.size()) {
                violations.add(new Violation(field + ".options", "must be unique"));
            }
            questions.add(new Question(q.id(), q.label(), type, q.required(), List.copyOf(options)));
        }
        List<String> gates = request.gates() == null ? List.of() : request.gates();
        if (new HashSet<>(gates).size() != gates.size()) {
            violations.add(new Violation("gates", "must be unique"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, ProblemType.VALIDATION, "The request has invalid fields.", violations);
        }
        return new EventItem(eventId, request.name(), request.description(), request.venue(),
                request.startsAt().toInstant(), request.endsAt().toInstant(), request.timeZone(), request.capacity(),
                request.waitlistEnabled(), request.registrationOpensAt().toInstant(),
                request.registrationClosesAt().toInstant(), state, List.copyOf(questions), List.copyOf(gates), version);
    }
}
