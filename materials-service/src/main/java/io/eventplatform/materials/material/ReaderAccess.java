package io.eventplatform.materials.material;

import io.eventplatform.shared.item.MaterialItem;
import io.eventplatform.shared.item.MaterialItem.Visibility;
import io.eventplatform.shared.problem.ProblemException;

/**
 * What a caller may read at one event, from weakest to strongest. Organizers see everything;
 * everyone else sees published, undeleted materials up to their level.
 */
public enum ReaderAccess {
    /** No ticket: public materials only. */
    ANONYMOUS,
    /** A valid ticket of the event: public and attendee materials. */
    ATTENDEE,
    /** A ticket already checked in: every published material. */
    CHECKED_IN,
    /** An organizer: every material, unpublished and deleted ones too. */
    ORGANIZER;

    /** Whether this reader sees the material in lists. */
    public boolean mayRead(MaterialItem material) {
        if (this == ORGANIZER) {
            return true;
        }
        return material.published() && !material.deleted() && ordinal() >= required(material.visibility()).ordinal();
    }

    /** Refuses with the reason a client can act on: not there (404), no ticket (401), not yet in (403). */
    public void requireReadable(MaterialItem material) {
        if (mayRead(material)) {
            return;
        }
        if (!material.published() || material.deleted()) {
            throw MaterialProblems.materialNotFound(material.materialId());
        }
        if (this == ANONYMOUS) {
            throw new ProblemException(401, MaterialProblems.TICKET_REQUIRED,
                    "Send your ticket in the X-Ticket header to read this material.");
        }
        throw new ProblemException(403, MaterialProblems.NOT_CHECKED_IN,
                "This material unlocks once your ticket is checked in at the event.");
    }

    private static ReaderAccess required(Visibility visibility) {
        return switch (visibility) {
            case PUBLIC -> ANONYMOUS;
            case ATTENDEES -> ATTENDEE;
            case CHECKED_IN -> CHECKED_IN;
        };
    }
}
