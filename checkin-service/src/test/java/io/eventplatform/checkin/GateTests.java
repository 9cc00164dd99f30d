package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Gates belong to the event: a scan cannot invent one, so counters and metrics stay bounded. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class GateTests {

    private static final String PROBLEM = "application/problem+json";

    private static Response scan(String eventId, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/checkin/events/{eventId}/scans", eventId);
    }

    private static String metrics() {
        return given().port(StackTestResource.managementPort()).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aGateTheEventDoesNotHaveIsRefusedAndLeavesNoCounterAndNoMetric() {
        String eventId = Fixtures.event("Gates");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        String staff = Fixtures.staffToken();
        scan(eventId, staff, Map.of("ticket", Fixtures.ticket(ada), "gate", "invented-gate-7")).then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("gate"))
                .body("violations.message", hasItem(containsString("north")));
        // An invalid ticket at an event that does not exist, under a made-up gate: 404, nothing kept.
        scan("evt-does-not-exist", staff, Map.of("ticket", "not-a-ticket", "gate", "invented-gate-8")).then()
                .statusCode(404).contentType(PROBLEM).body("type", containsString("unknown-event"));
        assertNull(RegistrationItem.from(Fixtures.item(ada.registrationId(), eventId)).checkedInAt());
        assertTrue(Fixtures.counters(eventId).isEmpty());
        String metrics = metrics();
        assertFalse(metrics.contains("invented-gate-7"), "an unknown gate must not become a metric tag");
        assertFalse(metrics.contains("invented-gate-8"), "an unknown gate must not become a metric tag");
        // One of the event's own gates, and none at all (staff), both work.
        scan(eventId, staff, Map.of("ticket", Fixtures.ticket(ada), "gate", "north")).then().statusCode(200)
                .body("outcome", equalTo("checked_in")).body("gate", equalTo("north"));
        RegistrationItem bob = Fixtures.register(eventId, "Bob Builder");
        scan(eventId, staff, Map.of("registrationId", bob.registrationId())).then().statusCode(200)
                .body("gate", equalTo("staff"));
    }

    @Test
    void aKioskScansAtTheGateItsTokenNamesWhateverItSends() {
        String eventId = Fixtures.event("Kiosk gate");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        scan(eventId, Fixtures.kioskToken(eventId, "east"), Map.of("ticket", Fixtures.ticket(ada), "gate", "elsewhere"))
                .then().statusCode(200).body("gate", equalTo("east"));
        assertFalse(metrics().contains("\"elsewhere\""));
    }

    @Test
    void undoRemovesAGateCounterThatFallsToZero() {
        String eventId = Fixtures.event("Undo gates");
        String staff = Fixtures.staffToken();
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem bob = Fixtures.register(eventId, "Bob Builder");
        for (String gate : Fixtures.GATES.subList(5, 25)) {
            scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "gate", gate)).then().statusCode(200)
                    .body("outcome", equalTo("checked_in"));
            given().auth().oauth2(staff).delete("/api/checkin/events/{e}/check-ins/{r}", eventId, ada.registrationId())
                    .then().statusCode(200);
        }
        scan(eventId, staff, Map.of("registrationId", bob.registrationId(), "gate", "south")).then().statusCode(200);
        var counters = Fixtures.counters(eventId);
        // Twenty check-in/undo cycles at twenty gates leave only the gate with a check-in.
        assertEquals(1, counters.keySet().stream().filter(name -> name.startsWith("gate:")).count(),
                "gate counters: " + counters.keySet());
        assertEquals("1", counters.get("gate:south").n());
        assertEquals("1", counters.get("checked_in").n());
    }
}
