package io.eventplatform.checkin.socket;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.eventplatform.checkin.checkin.ScanResult;
import io.eventplatform.checkin.config.CheckinConfig;

/**
 * The last answers per kiosk on this instance, so a resent request id is answered from memory.
 * A resend reaching another instance is still not re-applied: the registration remembers the
 * request that changed it (see {@code CheckInService}).
 */
@ApplicationScoped
public class KioskRequests {

    private final int perKiosk;
    private final Map<String, Map<String, ScanResult>> answers = new ConcurrentHashMap<>();

    public KioskRequests(CheckinConfig config) {
        this.perKiosk = config.live().kioskRequestMemory();
    }

    /** The answer given to this kiosk's request before, or null. */
    public ScanResult answered(String kiosk, String requestId) {
        Map<String, ScanResult> ofKiosk = answers.get(kiosk);
        if (ofKiosk == null) {
            return null;
        }
        synchronized (ofKiosk) {
            return ofKiosk.get(requestId);
        }
    }

    public void remember(String kiosk, String requestId, ScanResult result) {
        Map<String, ScanResult> ofKiosk = answers.computeIfAbsent(kiosk, k -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ScanResult> eldest) {
                return size() > perKiosk;
            }
        });
        synchronized (ofKiosk) {
            ofKiosk.put(requestId, result);
        }
    }
}
