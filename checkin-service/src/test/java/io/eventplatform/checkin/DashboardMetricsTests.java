package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Grafana dashboard of docker-compose (deploy/observability) cannot silently point at
 * nothing: every metric its queries select (each selector names its job) is in this service's
 * real {@code /q/metrics} once the service has done what the panel shows.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class DashboardMetricsTests {

    private static final Path DASHBOARD = Path.of("../deploy/observability/grafana/dashboards/event-platform.json");
    /** A metric selector: {@code name{...job...}}. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

    @Test
    void everyMetricTheGrafanaDashboardQueriesExistsInTheServicesMetrics() throws Exception {
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : new ObjectMapper().readTree(Files.readString(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher selector = SELECTOR.matcher(target.path("expr").asText());
                while (selector.find()) {
                    assertTrue(selector.group(2).contains("checkin-service"),
                            "every selector names its job, and this one is checkin's: " + selector.group());
                    queried.add(selector.group(1));
                }
            }
        }
        assertEquals(6, queried.size(), "latency, lag, sockets, deliveries, 5xx, conflicts: " + queried);

        // What the panels show: a scan, an open dashboard and kiosk, a delivered change.
        String eventId = Fixtures.event("Metrics");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        Duration wait = Duration.ofSeconds(10);
        try (SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId), Fixtures.staffToken());
                SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId),
                        Fixtures.kioskToken(eventId, "north"))) {
            dashboard.next(type("snapshot"), wait);
            kiosk.next(type("welcome"), wait);
            kiosk.send(SocketTestSupport.scan("metrics-1", Fixtures.ticket(ada), "entry"));
            kiosk.next(type("scan_result"), wait);
            dashboard.next(m -> "checked_in".equals(m.path("kind").asText()), wait);
            given().auth().oauth2(Fixtures.staffToken()).get("/api/checkin/events/{eventId}/counts", eventId).then()
                    .statusCode(200);

            String metrics = given().port(StackTestResource.managementPort()).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            Set<String> exposed = new TreeSet<>();
            metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exposed);
            assertTrue(missing.isEmpty(), "queried by the dashboard but not exposed: " + missing);
            assertTrue(metrics.matches("(?s).*checkin_sockets_open\\{[^}]*kind=\"dashboard\"[^}]*} [1-9].*"),
                    "the open dashboard is counted");
        }
    }
}
