package io.eventplatform.registration.notification;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.eventplatform.shared.item.NotificationItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One email to an attendee, as organizers see it. */
@RegisterForReflection
@Schema(description = "An email to the attendee about a change of their registration, and how sending it went")
public record NotificationView(
        @Schema(description = "Which notification of the registration: kind and sequence", examples = "confirmation-1") String key,
        @Schema(description = "What it tells", enumeration = { "confirmation", "waitlisted", "promoted", "cancelled", "reissued" },
                examples = "confirmation") String kind,
        @Schema(description = "The address it goes to", examples = "ada@example.org") String recipient,
        @Schema(description = "pending (to be sent or retried), sent (the mail server accepted it) or failed "
                + "(refused for good, or out of attempts)", enumeration = { "pending", "sent", "failed" },
                examples = "sent") String state,
        @Schema(description = "Sending attempts so far", examples = "1") int attempts,
        @Schema(description = "When the change it tells of was made", examples = "2026-11-22T09:30:00.120Z") Instant createdAt,
        @Schema(description = "When the mail server accepted it; absent until then", examples = "2026-11-22T09:30:01.020Z",
                nullable = true) Instant sentAt,
        @Schema(description = "While pending: when the next attempt is due at the latest", nullable = true,
                examples = "2026-11-22T09:30:30.120Z") Instant nextAttemptAt,
        @Schema(description = "The mail server's last answer, or why it could not be reached", nullable = true,
                examples = "550 5.1.1 mailbox unavailable") String lastError,
        @Schema(description = "How often an organizer had it sent again", examples = "0") int resends) {

    public static NotificationView of(NotificationItem n) {
        return new NotificationView(n.key(), n.kind().value(), n.recipient(), n.state().value(), n.attempts(),
                n.createdAt(), n.sentAt(), n.dueAt(), n.lastError(), n.resends());
    }
}
