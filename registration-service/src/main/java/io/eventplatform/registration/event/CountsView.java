package io.eventplatform.registration.event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An event's registration counts, exact (kept in the same transactions as the registrations). */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "Registration counts of an event")
public record CountsView(@Schema(examples = "4b0c2f7e-9a51-4f3e-b7a4-0c6d2f1e8a90") String eventId,
        @Schema(examples = "250") int capacity, @Schema(examples = "233") long confirmed,
        @Schema(examples = "0") long waitlisted, @Schema(examples = "12") long cancelled,
        @Schema(examples = "17") long remaining) {

    public static CountsView of(StoredEvent stored) {
        RegistrationCounts counts = stored.counts();
        return new CountsView(stored.event().eventId(), stored.event().capacity(), counts.confirmed(),
                counts.waitlisted(), counts.cancelled(), stored.remaining());
    }
}
