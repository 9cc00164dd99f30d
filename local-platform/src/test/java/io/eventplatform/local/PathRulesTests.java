package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The path-rule file says what ARCHITECTURE.md's "Public paths" table says. */
class PathRulesTests {

    private final PathRules rules = PathRules.load();

    @Test
    void prefixesAreThoseOfTheArchitecture() {
        Map<String, String> byPrefix = new TreeMap<>();
        rules.rules().forEach(rule -> byPrefix.put(rule.prefix(), rule.service()));
        assertEquals(Map.of(
                "/api/registration/", "registration-service",
                "/api/checkin/", "checkin-service",
                "/ws/checkin/", "checkin-service",
                "/dashboard/", "checkin-service",
                "/kiosk/", "checkin-service",
                "/api/materials/", "materials-service"), byPrefix);
        assertEquals("/static/", rules.staticRule().prefix());
    }

    @Test
    void healthAndMetricsStayOffThePublicPaths() {
        assertEquals(Optional.empty(), rules.serviceFor("/q/health/ready"));
        assertEquals(Optional.empty(), rules.serviceFor("/q/metrics"));
        assertEquals(Optional.empty(), rules.serviceFor("/api/registrations-of-someone-else"));
    }

    @Test
    void everyServiceHasItsOwnPortManagementPortAndReadinessPath() {
        assertEquals(6, rules.services().values().stream()
                .flatMap(s -> java.util.stream.Stream.of(s.port(), s.managementPort())).distinct().count());
        rules.services().values().forEach(s -> assertEquals("/q/health/ready", s.healthPath()));
        assertTrue(rules.services().get("checkin-service").sticky(), "WebSocket resumes prefer the same instance");
    }
}
