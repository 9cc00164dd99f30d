package io.eventplatform.registration.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.eventplatform.shared.item.EventItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An event with its remaining seats; times are shown in the event's own zone. */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "An event")
public record EventView(
        @Schema(examples = "4b0c2f7e-9a51-4f3e-b7a4-0c6d2f1e8a90") String id,
        @Schema(examples = "Quarkus Community Day") String name,
        @Schema(examples = "Talks and workshops on cloud-native Java.", nullable = true) String description,
        @Schema(examples = "Kulturbrauerei, Berlin") String venue,
        @Schema(examples = "2026-12-03T09:00:00+01:00") OffsetDateTime startsAt,
        @Schema(examples = "2026-12-03T18:00:00+01:00") OffsetDateTime endsAt,
        @Schema(examples = "Europe/Berlin") String timeZone,
        @Schema(examples = "250") int capacity,
        @Schema(examples = "true") boolean waitlistEnabled,
        @Schema(examples = "2026-11-01T01:00:00+01:00") OffsetDateTime registrationOpensAt,
        @Schema(examples = "2026-12-02T23:59:00+01:00") OffsetDateTime registrationClosesAt,
        @Schema(examples = "published", enumeration = { "draft", "published", "closed" }) String state,
        List<QuestionView> questions,
        @Schema(examples = "[\"north\", \"south\"]") List<String> gates,
        @Schema(examples = "17") long remainingCapacity,
        @Schema(examples = "3") long version) {

    public static EventView of(StoredEvent stored) {
        EventItem event = stored.event();
        ZoneId zone = ZoneId.of(event.timeZone());
        return new EventView(event.eventId(), event.name(), event.description(), event.venue(),
                local(event.startsAt(), zone), local(event.endsAt(), zone), event.timeZone(), event.capacity(),
                event.waitlistEnabled(), local(event.registrationOpensAt(), zone),
                local(event.registrationClosesAt(), zone), event.state().value(),
                event.questions().stream().map(QuestionView::of).toList(), event.gates(), stored.remaining(),
                event.version());
    }

    private static OffsetDateTime local(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime();
    }
}
