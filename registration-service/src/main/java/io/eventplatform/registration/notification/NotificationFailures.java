package io.eventplatform.registration.notification;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How many of an event's attendee emails failed. */
@RegisterForReflection
@Schema(description = "How many of an event's attendee emails are failed now (a resend takes one off)")
public record NotificationFailures(
        @Schema(examples = "0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f") String eventId,
        @Schema(description = "Failed notifications", examples = "2") long failed) {
}
