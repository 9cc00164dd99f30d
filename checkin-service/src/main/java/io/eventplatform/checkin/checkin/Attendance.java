package io.eventplatform.checkin.checkin;

import java.time.Instant;

import io.eventplatform.shared.item.RegistrationItem;

/**
 * A registration as check-in sees it: the shared item plus the fields only check-in writes.
 *
 * @param registration the shared registration item
 * @param checkedInBy subject of the kiosk or staff member of the first check-in, or null
 * @param lastScanRequest the kiosk request (or staff call) that made the last change, or null
 * @param lastScanOutcome what that request answered, so a resend gets the same answer
 */
public record Attendance(RegistrationItem registration, String checkedInBy, String lastScanRequest,
        String lastScanOutcome) {

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
}
