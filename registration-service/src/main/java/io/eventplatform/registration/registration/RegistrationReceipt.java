package io.eventplatform.registration.registration;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a successful registration: where it stands and the ticket that proves it.
 *
 * @param registration the registration
 * @param ticket signed ticket token: present it as {@code X-Ticket} to read or cancel the
 *        registration and to fetch its QR code; kiosks verify it offline
 */
// Also read back from stored idempotent answers and written through Response: register for native.
@RegisterForReflection
@Schema(description = "A new registration and its ticket")
public record RegistrationReceipt(RegistrationView registration,
        @Schema(examples = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJldmVudC1wbGF0Zm9ybS90aWNrZXRzIiwic3ViIjoiMGQ1ZTlmNmMiLCJldnQiOiI0YjBjMmY3ZSIsImlhdCI6MTc2MzgwMzgwMH0.c2lnbmF0dXJl")
        String ticket) {
}
