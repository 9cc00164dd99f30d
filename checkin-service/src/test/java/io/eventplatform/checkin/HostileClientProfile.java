package io.eventplatform.checkin;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as a hostile client meets it, shared by the classes that need it (one start): low
 * rate limits, and the access log and DEBUG logs on, into files the tests search for tokens.
 */
public class HostileClientProfile implements QuarkusTestProfile {

    static final int REST_SCANS = 20;
    static final int KIOSK_SCANS = 10;
    static final int CLOSE_AFTER = 5;
    static final String ACCESS_LOG_DIRECTORY = "target/hostile-client-logs";
    static final String ACCESS_LOG = ACCESS_LOG_DIRECTORY + "/access.log";
    static final String SERVICE_LOG = ACCESS_LOG_DIRECTORY + "/service.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("rate-limit.limits.scans.requests", String.valueOf(REST_SCANS)),
                Map.entry("rate-limit.limits.scans.period", "1m"),
                Map.entry("rate-limit.limits.kiosk-scans.requests", String.valueOf(KIOSK_SCANS)),
                Map.entry("rate-limit.limits.kiosk-scans.period", "1m"),
                Map.entry("rate-limit.socket-close-after", String.valueOf(CLOSE_AFTER)),
                Map.entry("quarkus.http.access-log.enabled", "true"),
                Map.entry("quarkus.http.access-log.log-to-file", "true"),
                Map.entry("quarkus.http.access-log.log-directory", ACCESS_LOG_DIRECTORY),
                Map.entry("quarkus.http.access-log.base-file-name", "access"),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.path", SERVICE_LOG),
                Map.entry("quarkus.log.file.level", "DEBUG"),
                Map.entry("quarkus.log.console.level", "INFO"),
                // Where a refused token could be logged: socket authentication and the JWT library.
                Map.entry("quarkus.log.category.\"io.eventplatform.checkin.socket\".level", "DEBUG"),
                Map.entry("quarkus.log.category.\"io.smallrye.jwt\".level", "DEBUG"));
    }
}
