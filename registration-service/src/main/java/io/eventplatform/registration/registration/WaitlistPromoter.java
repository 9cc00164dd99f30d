package io.eventplatform.registration.registration;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.registration.event.EventRepository;
import io.eventplatform.registration.event.StoredEvent;
import io.eventplatform.registration.registration.RegistrationRepository.PromoteOutcome;
import io.eventplatform.shared.item.RegistrationItem;
import io.quarkus.logging.Log;

/**
 * Fills free seats from the waitlist, oldest first. Each promotion is a transaction conditioned
 * on a free seat and on the candidate still waiting, so a stale index or a concurrent promoter
 * can never promote twice or oversell; it only costs a retry with the next candidate.
 */
@ApplicationScoped
public class WaitlistPromoter {

    private static final int CANDIDATES_PER_READ = 10;
    /** Bounds the work one request does; whatever is left, the next cancellation or sign-up picks up. */
    private static final int MAX_ROUNDS = 200;

    private final EventRepository events;
    private final RegistrationRepository registrations;

    public WaitlistPromoter(EventRepository events, RegistrationRepository registrations) {
        this.events = events;
        this.registrations = registrations;
    }

    /** Promotes waitlisted registrations while seats are free; returns how many it promoted. */
    public int promoteWhileSeatsFree(String eventId) {
        int promoted = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            StoredEvent event = events.find(eventId).orElse(null);
            if (event == null || event.counts().waitlisted() == 0 || event.remaining() == 0) {
                return promoted;
            }
            List<RegistrationItem> candidates = registrations.waitlistCandidates(eventId, CANDIDATES_PER_READ);
            if (candidates.isEmpty()) {
                // The index has not caught up with the counter yet; a later request sweeps again.
                return promoted;
            }
            for (RegistrationItem candidate : candidates) {
                PromoteOutcome outcome = registrations.promote(candidate);
                if (outcome == PromoteOutcome.NO_SEAT) {
                    return promoted;
                }
                if (outcome == PromoteOutcome.PROMOTED) {
                    Log.debugf("promoted %s at event %s", candidate.registrationId(), eventId);
                    promoted++;
                    break;
                }
            }
        }
        return promoted;
    }
}
