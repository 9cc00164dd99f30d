package io.eventplatform.checkin.checkin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate names scans are timed under. Every tag value costs a set of histograms for the life of
 * the process, so only the first {@code limit} gates get their own; later ones are {@value #OTHER}.
 * Gates are checked against the event before a scan gets here: the bound holds whatever events define.
 */
final class GateTags {

    static final String OTHER = "other";

    private final int limit;
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();

    GateTags(int limit) {
        this.limit = limit;
    }

    String tagFor(String gate) {
        if (tagged.contains(gate)) {
            return gate;
        }
        // Racing first scans may pass the limit by a few: still bounded, and a scan never waits here.
        if (tagged.size() < limit) {
            tagged.add(gate);
            return gate;
        }
        return OTHER;
    }
}
