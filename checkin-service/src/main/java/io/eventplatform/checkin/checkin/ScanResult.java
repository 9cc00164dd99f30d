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
 * @param conflict for a scan a kiosk admitted offline, the other admission of the same ticket: the
 *        later one this scan displaced ({@code checked_in}), or this scan itself, recorded as a
 *        conflict because an earlier one won ({@code already_checked_in}); absent otherwise
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
        @Schema(examples = "14") long latencyMillis,
        Admission conflict) {

    public ScanResult(String outcome, String eventId, String registrationId, String attendeeName, String gate,
            Instant at, FirstCheckIn firstCheckIn, boolean replayed, long latencyMillis) {
        this(outcome, eventId, registrationId, attendeeName, gate, at, firstCheckIn, replayed, latencyMillis, null);
    }

    /** The same answer, marked as a replay of an earlier one. */
    public ScanResult asReplayed() {
        return new ScanResult(outcome, eventId, registrationId, attendeeName, gate, at, firstCheckIn, true, 0, conflict);
    }

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

    /**
     * An admission of a ticket that is not its first check-in.
     *
     * @param at when it was scanned
     * @param gate at which gate (or kiosk)
     * @param by subject of the kiosk or staff member
     */
    @RegisterForReflection
    @Schema(description = "An admission of the same ticket that conflicts with the first check-in")
    public record Admission(@Schema(examples = "2026-11-22T09:33:40.512Z") Instant at,
            @Schema(examples = "south") String gate,
            @Schema(examples = "kiosk-south-2") String by) {

        static Admission of(ConflictingScan scan) {
            return new Admission(scan.at(), scan.gate(), scan.by());
        }
    }
}
