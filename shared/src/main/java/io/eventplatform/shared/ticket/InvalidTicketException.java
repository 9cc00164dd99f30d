package io.eventplatform.shared.ticket;

import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/** A ticket token that is malformed, tampered with, signed by another key, or for another event. */
public class InvalidTicketException extends ProblemException {

    public static final ProblemType TYPE = ProblemType.of("invalid-ticket", "Invalid ticket");

    public InvalidTicketException(String detail) {
        super(401, TYPE, detail);
    }
}
