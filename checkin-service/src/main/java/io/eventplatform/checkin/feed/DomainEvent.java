package io.eventplatform.checkin.feed;

import io.eventplatform.checkin.checkin.ConflictingScan;

/**
 * What happened at an event, read from the table's change feed whoever wrote it. Registration
 * events carry the registration's state after the change, so applying one twice changes nothing.
 */
public sealed interface DomainEvent {

    /** The event (conference, meetup) it belongs to. */
    String eventId();

    /** The name dashboards see for it, e.g. {@code checked_in}. */
    String kind();

    /** A change of one registration. */
    sealed interface RegistrationEvent extends DomainEvent {

        /** The registration after the change. */
        Attendee attendee();

        @Override
        default String eventId() {
            return attendee().eventId();
        }
    }

    /** A registration was made, confirmed or waitlisted. */
    record RegistrationCreated(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "registration_created";
        }
    }

    /** A registration gave its seat or waitlist place back. */
    record RegistrationCancelled(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "registration_cancelled";
        }
    }

    /** A waitlisted registration got a seat. */
    record RegistrationPromoted(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "registration_promoted";
        }
    }

    /** The first check-in of a registration. */
    record CheckedIn(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "checked_in";
        }
    }

    /** Staff undid a check-in; {@code previous} still names when and where it had happened. */
    record CheckInUndone(Attendee previous, Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "check_in_undone";
        }
    }

    /**
     * A ticket was admitted twice (at least once by an offline kiosk): {@code conflict} is the admission
     * that lost; the attendee's first check-in (the earliest admission) is the one that counts.
     */
    record CheckInConflict(Attendee attendee, ConflictingScan conflict) implements RegistrationEvent {
        public String kind() {
            return "check_in_conflict";
        }
    }

    /** A checked-in attendee left the venue (exit scan). */
    record Exited(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "exited";
        }
    }

    /** A checked-in attendee came back in (entry scan after an exit). */
    record Entered(Attendee attendee) implements RegistrationEvent {
        public String kind() {
            return "entered";
        }
    }

    /** A material became visible to attendees. */
    record MaterialPublished(String eventId, String materialId, String title) implements DomainEvent {
        public String kind() {
            return "material_published";
        }
    }
}
