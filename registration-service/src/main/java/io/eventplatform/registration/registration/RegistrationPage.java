package io.eventplatform.registration.registration;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of an event's registrations. */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "A page of registrations")
public record RegistrationPage(List<RegistrationView> items,
        @Schema(description = "Pass as cursor to get the next page; null on the last page",
                examples = "UmVnaXN0cmF0aW9uRGF0ZUluZGV4", nullable = true) String nextCursor) {
}
