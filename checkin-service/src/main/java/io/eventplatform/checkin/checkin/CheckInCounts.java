package io.eventplatform.checkin.checkin;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The exact counters of an event's check-ins, kept in one item updated in the same transaction
 * as each registration.
 *
 * @param eventId the event
 * @param checkedIn registrations checked in (an undo takes one off)
 * @param inside attendees in the venue now (exits take one off, re-entries add one)
 * @param gates first check-ins per gate
 * @param conflicts admissions recorded as conflicts (a ticket let in again by an offline kiosk)
 */
@Schema(description = "Exact check-in counters of one event")
public record CheckInCounts(
        @Schema(examples = "evt-2026-devconf") String eventId,
        @Schema(examples = "412") long checkedIn,
        @Schema(examples = "380") long inside,
        @Schema(examples = "{\"north\": 250, \"south\": 162}") Map<String, Long> gates,
        @Schema(examples = "2") long conflicts) {
}
