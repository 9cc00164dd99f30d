package io.eventplatform.registration.registration;

import io.eventplatform.shared.problem.ProblemType;

/** The problems registration answers with; each documented in docs/registration-api.md. */
public final class RegistrationProblems {

    public static final ProblemType ALREADY_REGISTERED = ProblemType.of("already-registered",
            "Already registered for this event");
    public static final ProblemType REGISTRATION_CLOSED = ProblemType.of("registration-closed",
            "Registration is closed");
    public static final ProblemType REGISTRATION_NOT_OPEN = ProblemType.of("registration-not-open",
            "Registration has not opened yet");
    public static final ProblemType EVENT_FULL = ProblemType.of("event-full", "Event is full");
    public static final ProblemType CHECKED_IN = ProblemType.of("already-checked-in",
            "Registration already checked in");

    private RegistrationProblems() {
    }
}
