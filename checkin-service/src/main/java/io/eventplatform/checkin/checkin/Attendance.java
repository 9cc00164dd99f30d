package io.eventplatform.checkin.checkin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.eventplatform.shared.item.RegistrationItem;

/**
 * A registration as check-in sees it: the shared item plus the fields only check-in writes.
 *
 * @param registration the shared registration item
 * @param checkedInBy subject of the kiosk or staff member of the first check-in, or null
 * @param lastScanRequest the kiosk request (or staff call) that made the last change, or null
 * @param lastScanOutcome what that request answered, so a resend gets the same answer
 * @param checkedInRequest the request that made the first check-in, or null
 * @param conflicts admissions that lost to the first check-in, oldest recorded first
 * @param offlineAdmissions request keys of the offline entry scans already applied
 */
public record Attendance(RegistrationItem registration, String checkedInBy, String lastScanRequest,
        String lastScanOutcome, String checkedInRequest, List<ConflictingScan> conflicts, Set<String> offlineAdmissions) {

    public Attendance(RegistrationItem registration, String checkedInBy, String lastScanRequest, String lastScanOutcome) {
        this(registration, checkedInBy, lastScanRequest, lastScanOutcome, null, List.of(), Set.of());
    }

    public boolean checkedIn() {
        return registration.checkedInAt() != null;
    }

    public boolean inside() {
        return registration.inside();
    }

    public Instant checkedInAt() {
        return registration.checkedInAt();
    }

    public String gate() {
        return registration.checkedInGate();
    }

    /** The conflict recorded for this request, if it was one. */
    public Optional<ConflictingScan> conflictOf(String requestKey) {
        return conflicts.stream().filter(c -> requestKey.equals(c.request())).findFirst();
    }
}
