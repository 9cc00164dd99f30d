package io.eventplatform.checkin.socket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A kiosk back online sends the scans it admitted offline, in the order it made them:
 * {@code {"type":"sync","requestId":"sync-7","scans":[{"requestId":…,"ticket":…,"direction":…,"scannedAt":…}]}}.
 * Items stay raw here, so one malformed item is answered on its own and the others still apply.
 *
 * @param type always {@code sync}
 * @param requestId the kiosk's id for this batch, echoed in the answer
 * @param scans the queued scans, oldest first (an array; checked by hand so a bad item stays one item)
 */
@RegisterForReflection
public record SyncCommand(
        @NotBlank @Pattern(regexp = "sync", message = "must be sync") String type,
        @NotBlank @Size(max = 100) @Pattern(regexp = KioskCommand.REQUEST_ID, message = KioskCommand.REQUEST_ID_MESSAGE)
        String requestId,
        @NotNull JsonNode scans) {

    /**
     * One queued scan of a batch.
     *
     * @param requestId the id the kiosk gave the scan when it made it
     * @param ticket the scanned ticket token
     * @param direction {@code entry} (default) or {@code exit}
     * @param scannedAt when it was scanned; required, since a queued scan is applied as made then
     */
    @RegisterForReflection
    public record QueuedScan(
            @NotBlank @Size(max = 100) @Pattern(regexp = KioskCommand.REQUEST_ID,
                    message = KioskCommand.REQUEST_ID_MESSAGE) String requestId,
            @NotBlank @Size(max = 2048) String ticket,
            @Pattern(regexp = "entry|exit", message = "must be entry or exit") String direction,
            @NotBlank @Size(max = 40) @Pattern(regexp = KioskCommand.INSTANT, message = KioskCommand.INSTANT_MESSAGE)
            String scannedAt) {
    }
}
