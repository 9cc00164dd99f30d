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
 */
// Parsed by hand from socket text frames: keep it for native.
@RegisterForReflection
public record KioskCommand(
        @NotBlank @Pattern(regexp = "scan", message = "must be scan") String type,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "letters, digits and . _ : - only") String requestId,
        @NotBlank @Size(max = 2048) String ticket,
        @Pattern(regexp = "entry|exit", message = "must be entry or exit") String direction) {
}
