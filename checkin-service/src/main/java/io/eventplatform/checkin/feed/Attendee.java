package io.eventplatform.checkin.feed;

import java.time.Instant;
import java.util.List;

import io.eventplatform.checkin.checkin.ConflictingScan;

/**
 * One registration as the change feed carries it: the new state after a write, free of
 * storage types so live state and sockets never see how it was stored.
 *
 * @param registrationId the registration
 * @param eventId its event
 * @param name attendee name
 * @param email attendee email (normalised)
 * @param status confirmed, waitlisted or cancelled
 * @param registeredAt when it was made
 * @param checkedInAt first check-in, or null
 * @param gate gate of the first check-in, or null
 * @param inside whether the attendee is in the venue now
 * @param version the item's write counter; older images than the one held are ignored
 * @param checkedInBy subject of the kiosk or staff member of the first check-in, or null
 * @param conflicts admissions of the same ticket that lost to the first check-in, oldest recorded first
 * @param shard the event shard the registration belongs to
 * @param shardRevision the shard revision its last change was stamped with; 0 for an unstamped write
 */
public record Attendee(String registrationId, String eventId, String name, String email, String status,
        Instant registeredAt, Instant checkedInAt, String gate, boolean inside, long version, String checkedInBy,
        List<ConflictingScan> conflicts, int shard, long shardRevision) {

    public boolean confirmed() {
        return "confirmed".equals(status);
    }

    public boolean waitlisted() {
        return "waitlisted".equals(status);
    }

    public boolean checkedIn() {
        return checkedInAt != null;
    }
}
