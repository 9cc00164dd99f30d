package io.eventplatform.shared.ticket;

import io.eventplatform.shared.problem.ProblemException;
import io.eventplatform.shared.problem.ProblemType;

/**
 * A ticket token that proves nothing: malformed, tampered with, signed by a key we do not know,
 * for another event ({@link #TYPE}), past its expiry ({@link #EXPIRED}), or replaced by a re-issue
 * ({@link #REVOKED}). 401 where the ticket is the caller's credential.
 */
public class InvalidTicketException extends ProblemException {

    public static final ProblemType TYPE = ProblemType.of("invalid-ticket", "Invalid ticket");
    public static final ProblemType EXPIRED = ProblemType.of("ticket-expired", "Ticket expired");
    public static final ProblemType REVOKED = ProblemType.of("ticket-revoked", "Ticket revoked");

    public InvalidTicketException(String detail) {
        this(TYPE, detail);
    }

    private InvalidTicketException(ProblemType type, String detail) {
        super(401, type, detail);
    }

    static InvalidTicketException expired() {
        return new InvalidTicketException(EXPIRED, "This ticket has expired: its event is over.");
    }

    static InvalidTicketException revoked() {
        return new InvalidTicketException(REVOKED,
                "This ticket was replaced by a newer one (re-issued) and no longer works. Use the newest ticket.");
    }
}
