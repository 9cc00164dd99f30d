package io.eventplatform.registration.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A registration's ticket token, re-issued for an organizer to pass on to the attendee. */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "A ticket token")
public record TicketView(@Schema(examples = "0d5e9f6c-3b8a-4f0e-9d7c-1a2b3c4d5e6f") String registrationId,
        @Schema(examples = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwZDVlOWY2YyJ9.c2lnbmF0dXJl") String ticket) {
}
