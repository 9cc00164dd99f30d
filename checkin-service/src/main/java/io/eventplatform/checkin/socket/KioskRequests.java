package io.eventplatform.checkin.socket;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.checkin.checkin.ScanDirection;
import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.checkin.config.CheckinConfig;

/**
 * The last answers per kiosk on this instance, so a resent request is answered from memory.
 * An answer is reused only for the very same command (event, ticket, direction): a request id
 * that comes back with another command is a kiosk bug, never a resend, and replaying the old
 * answer would show one attendee's result for another. A resend reaching another instance is
 * still not re-applied: the registration remembers the request that changed it (see
 * {@code CheckInService}).
 */
@ApplicationScoped
public class KioskRequests {

    /**
     * What a kiosk asked with one request id. The scan time is not part of it: a scan sent online
     * whose answer never came is queued and synced under the same id, and is the same request.
     */
    public record Request(String eventId, String ticket, ScanDirection direction) {
    }

    /** What this instance knows of a request id: nothing, the same request answered, or another command. */
    public sealed interface Known {
    }

    public record Unknown() implements Known {
    }

    public record Answered(ScanResult result) implements Known {
    }

    public record Reused(Request earlier) implements Known {
    }

    private record Answer(Request request, ScanResult result) {
    }

    private static final Known UNKNOWN = new Unknown();

    private final int perKiosk;
    private final Map<String, Map<String, Answer>> answers = new ConcurrentHashMap<>();

    public KioskRequests(CheckinConfig config) {
        this.perKiosk = config.live().kioskRequestMemory();
    }

    /** Whether this kiosk's request id was answered before, and for the same request. */
    public Known lookup(String kiosk, String requestId, Request request) {
        Map<String, Answer> ofKiosk = answers.get(kiosk);
        if (ofKiosk == null) {
            return UNKNOWN;
        }
        Answer earlier;
        synchronized (ofKiosk) {
            earlier = ofKiosk.get(requestId);
        }
        if (earlier == null) {
            return UNKNOWN;
        }
        return earlier.request().equals(request) ? new Answered(earlier.result()) : new Reused(earlier.request());
    }

    public void remember(String kiosk, String requestId, Request request, ScanResult result) {
        Map<String, Answer> ofKiosk = answers.computeIfAbsent(kiosk, k -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Answer> eldest) {
                return size() > perKiosk;
            }
        });
        synchronized (ofKiosk) {
            ofKiosk.put(requestId, new Answer(request, result));
        }
    }
}
