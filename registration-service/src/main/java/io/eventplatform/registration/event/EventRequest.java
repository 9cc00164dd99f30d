package io.eventplatform.registration.event;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event as an organizer creates or edits it. Times carry their offset; {@code timeZone} is the
 * IANA zone the event is local to, used to show times back.
 */
@Schema(description = "An event to create or the full new content of one to edit")
public record EventRequest(
        @Schema(examples = "Quarkus Community Day") @NotBlank @Size(max = 200) String name,
        @Schema(examples = "Talks and workshops on cloud-native Java.") @Size(max = 5000) String description,
        @Schema(examples = "Kulturbrauerei, Berlin") @NotBlank @Size(max = 300) String venue,
        @Schema(examples = "2026-12-03T09:00:00+01:00") @NotNull OffsetDateTime startsAt,
        @Schema(examples = "2026-12-03T18:00:00+01:00") @NotNull OffsetDateTime endsAt,
        @Schema(examples = "Europe/Berlin") @NotBlank @Size(max = 64) String timeZone,
        @Schema(examples = "250") @NotNull @Min(1) @Max(1_000_000) Integer capacity,
        @Schema(examples = "true", description = "Past capacity, registrations wait (true) or are refused (false)") boolean waitlistEnabled,
        @Schema(examples = "2026-11-01T00:00:00Z") @NotNull OffsetDateTime registrationOpensAt,
        @Schema(examples = "2026-12-02T23:59:00+01:00") @NotNull OffsetDateTime registrationClosesAt,
        @Valid @Size(max = 30) List<@NotNull QuestionRequest> questions,
        @Schema(examples = "[\"north\", \"south\"]", description = "The gates staff scan at; a scan naming another gate "
                + "is refused (kiosks use the gate their token names)")
        @Size(max = 50) List<@NotNull @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9 ._:-]+",
                message = "letters, digits, space and . _ : - only") String> gates) {
}
