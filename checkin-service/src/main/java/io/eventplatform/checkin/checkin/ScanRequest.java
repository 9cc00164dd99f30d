package io.eventplatform.checkin.checkin;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A scan through the REST API: by ticket token (as a kiosk reads it) or by registration id (staff
 * at a desk); exactly one of the two.
 *
 * @param ticket the ticket token from the QR code
 * @param registrationId the registration, when checking in without a ticket
 * @param direction {@code entry} (default: check in, or re-enter) or {@code exit}
 * @param gate where staff stand; kiosks always use their token's gate
 */
@Schema(description = "One scan: a ticket or a registration id, and a direction")
public record ScanRequest(
        @Size(max = 2048) @Schema(examples = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZWctN2YzYSJ9.c2ln") String ticket,
        @Size(min = 1, max = 100) @Schema(examples = "reg-7f3a") String registrationId,
        @Pattern(regexp = "entry|exit", message = "must be entry or exit") @Schema(examples = "entry", enumeration = {
                "entry", "exit" }) String direction,
        @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9 ._:-]+", message = "letters, digits, space and . _ : - only")
        @Schema(examples = "north") String gate) {
}
