package io.eventplatform.checkin.socket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a kiosk sends: {@code {"type":"scan","requestId":"k1-000042","ticket":"eyJ...","direction":"entry"}}.
 *
 * @param type always {@code scan}
 * @param requestId the kiosk's own id for this request; a resend with the same id is answered, not re-applied
 * @param ticket the scanned ticket token
 * @param direction {@code entry} (default) or {@code exit}
 * @param scannedAt when the kiosk scanned it while offline (ISO-8601 instant); absent for a scan made now
 */
// Parsed by hand from socket text frames: keep it for native.
@RegisterForReflection
public record KioskCommand(
        @NotBlank @Pattern(regexp = "scan", message = "must be scan") String type,
        @NotBlank @Size(max = 100) @Pattern(regexp = REQUEST_ID, message = REQUEST_ID_MESSAGE) String requestId,
        @NotBlank @Size(max = 2048) String ticket,
        @Pattern(regexp = "entry|exit", message = "must be entry or exit") String direction,
        @Size(max = 40) @Pattern(regexp = INSTANT, message = INSTANT_MESSAGE) String scannedAt) {

    static final String REQUEST_ID = "[A-Za-z0-9._:-]+";
    static final String REQUEST_ID_MESSAGE = "letters, digits and . _ : - only";
    /** An ISO-8601 UTC instant as JavaScript's {@code toISOString()} writes it (fraction optional). */
    static final String INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";
    static final String INSTANT_MESSAGE = "an ISO-8601 UTC instant such as 2026-11-22T09:31:02.120Z";
}
