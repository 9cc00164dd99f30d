package io.eventplatform.registration.event;

import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/** The problems event operations answer with; types documented in docs/registration-api.md. */
public final class EventProblems {

    public static final ProblemType WRONG_STATE = ProblemType.of("event-state", "Not possible in the event's state");
    public static final ProblemType CAPACITY_TOO_LOW = ProblemType.of("capacity-below-confirmed",
            "Capacity below confirmed registrations");

    private EventProblems() {
    }

    public static ProblemException unknownEvent(String eventId) {
        return ProblemException.notFound("No event " + eventId + ".");
    }
}
