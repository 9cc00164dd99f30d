package io.eventplatform.checkin.checkin;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An attendee as staff search shows it.
 *
 * @param registrationId the registration
 * @param name attendee name
 * @param email attendee email
 * @param status confirmed, waitlisted or cancelled
 * @param checkedInAt first check-in, or absent
 * @param gate gate of the first check-in, or absent
 * @param inside whether the attendee is in the venue now
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An attendee found by name or email prefix")
public record AttendeeView(
        @Schema(examples = "reg-7f3a") String registrationId,
        @Schema(examples = "Ada Lovelace") String name,
        @Schema(examples = "ada@example.org") String email,
        @Schema(examples = "confirmed") String status,
        @Schema(examples = "2026-11-22T09:31:02.120Z") Instant checkedInAt,
        @Schema(examples = "north") String gate,
        boolean inside) {
}
