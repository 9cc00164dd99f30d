package io.eventplatform.registration.registration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.eventplatform.shared.item.RegistrationItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A registration as organizers and its ticket holder see it. */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "A registration")
public record RegistrationView(
        @Schema(examples = "0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f") String registrationId,
        @Schema(examples = "4b0c2f7e-9a51-4f3e-b7a4-0c6d2f1e8a90") String eventId,
        @Schema(examples = "Ada Lovelace") String attendeeName,
        @Schema(examples = "ada@example.org") String attendeeEmail,
        @Schema(examples = "confirmed", enumeration = { "confirmed", "waitlisted", "cancelled" }) String status,
        @Schema(examples = "confirmed", enumeration = { "confirmed", "waitlisted", "checked_in", "cancelled" }) String checkInState,
        @Schema(examples = "2026-11-22T09:30:00.120Z") Instant registeredAt,
        @Schema(nullable = true, description = "When it checked in; null until it does", examples = "2026-12-03T08:47:12.004Z") Instant checkedInAt,
        @Schema(examples = "{\"diet\": [\"vegan\"]}") Map<String, List<String>> answers) {

    public static RegistrationView of(RegistrationItem item) {
        return new RegistrationView(item.registrationId(), item.eventId(), item.attendeeName(), item.attendeeEmail(),
                item.status().value(), item.checkInState(), item.registeredAt(), item.checkedInAt(), item.answers());
    }
}
