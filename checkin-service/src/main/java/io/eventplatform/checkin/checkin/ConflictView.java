package io.eventplatform.checkin.checkin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ticket admitted twice, as staff list it.
 *
 * @param registrationId the registration
 * @param attendeeName who
 * @param firstCheckIn the earliest admission, which is the check-in (absent if staff undid it since)
 * @param conflict the later admission, recorded but not counted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A ticket admitted twice: the check-in that counts and the admission that lost to it")
public record ConflictView(
        @Schema(examples = "reg-7f3a") String registrationId,
        @Schema(examples = "Ada Lovelace") String attendeeName,
        ScanResult.FirstCheckIn firstCheckIn,
        ScanResult.Admission conflict) {
}
