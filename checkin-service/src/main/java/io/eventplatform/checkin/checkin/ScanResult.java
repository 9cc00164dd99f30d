package io.eventplatform.checkin.checkin;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to one scan.
 *
 * @param outcome what happened
 * @param eventId the event
 * @param registrationId the registration, when known
 * @param attendeeName who, when known
 * @param gate the gate of this scan
 * @param at when this scan was answered
 * @param firstCheckIn when and where the registration was first checked in, when it was
 * @param replayed true when this answers a resend of a request already applied
 * @param latencyMillis time from receiving the scan to answering it
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The answer to one scan")
public record ScanResult(
        @Schema(examples = "already_checked_in", enumeration = { "checked_in", "already_checked_in", "re_entered",
                "exited", "not_inside", "check_in_undone", "not_checked_in", "unknown_registration", "cancelled", "waitlisted",
                "wrong_event", "invalid_ticket", "ticket_expired", "ticket_revoked" }) String outcome,
        @Schema(examples = "evt-2026-devconf") String eventId,
        @Schema(examples = "reg-7f3a") String registrationId,
        @Schema(examples = "Ada Lovelace") String attendeeName,
        @Schema(examples = "north") String gate,
        @Schema(examples = "2026-11-22T09:31:02.120Z") Instant at,
        FirstCheckIn firstCheckIn,
        boolean replayed,
        @Schema(examples = "14") long latencyMillis) {

    /**
     * The first check-in of a registration.
     *
     * @param at when
     * @param gate at which gate (or kiosk)
     * @param by subject of the kiosk or staff member
     */
    @RegisterForReflection
    @Schema(description = "When and where a registration was first checked in")
    public record FirstCheckIn(@Schema(examples = "2026-11-22T09:30:58.004Z") Instant at,
            @Schema(examples = "south") String gate,
            @Schema(examples = "kiosk-south-1") String by) {
    }
}
