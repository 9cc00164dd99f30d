package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CheckInTests {

    private static final String PROBLEM = "application/problem+json";

    private static Response scan(String eventId, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/checkin/events/{eventId}/scans", eventId);
    }

    @Test
    void fiftyConcurrentScansOfOneTicketCheckInOnce() throws Exception {
        String eventId = Fixtures.event("Concurrency");
        RegistrationItem registration = Fixtures.register(eventId, "Grace Hopper");
        String ticket = Fixtures.ticket(registration);
        String staff = Fixtures.staffToken();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int gate = i;
            answers.add(pool.submit(() -> {
                start.await();
                return scan(eventId, staff, Map.of("ticket", ticket, "gate", "gate-" + gate));
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        List<String> firstGates = new ArrayList<>();
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertEquals(200, response.statusCode(), response.asString());
            outcomes.add(response.jsonPath().getString("outcome"));
            firstGates.add(response.jsonPath().getString("firstCheckIn.gate") + "@"
                    + response.jsonPath().getString("firstCheckIn.at"));
        }
        pool.shutdown();
        assertEquals(1, outcomes.stream().filter("checked_in"::equals).count(), outcomes.toString());
        assertEquals(49, outcomes.stream().filter("already_checked_in"::equals).count(), outcomes.toString());
        // Every answer names the same first check-in: when and at which gate.
        assertEquals(1, firstGates.stream().distinct().count(), firstGates.toString());
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then().statusCode(200)
                .body("checkedIn", equalTo(1)).body("inside", equalTo(1));
        var stored = RegistrationItem.from(Fixtures.item(registration.registrationId(), eventId));
        assertNotNull(stored.checkedInAt());
        assertTrue(Fixtures.item(registration.registrationId(), eventId).get(TableSchema.CHECK_IN_STATUS).s()
                .startsWith("checked_in#"));
    }

    @Test
    void cancelledWaitlistedUnknownForeignAndTamperedTicketsEachGetTheirOwnAnswer() {
        String eventId = Fixtures.event("Answers");
        String otherEvent = Fixtures.event("Elsewhere");
        String staff = Fixtures.staffToken();
        RegistrationItem cancelled = Fixtures.register(eventId, "Cancelled Carl", RegistrationStatus.CANCELLED);
        RegistrationItem waitlisted = Fixtures.register(eventId, "Waiting Wanda", RegistrationStatus.WAITLISTED);
        RegistrationItem foreign = Fixtures.register(otherEvent, "Foreign Fay");
        String valid = Fixtures.ticket(Fixtures.register(eventId, "Valid Vera"));
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        scan(eventId, staff, Map.of("ticket", Fixtures.ticket(cancelled))).then().statusCode(409).contentType(PROBLEM)
                .body("type", containsString("registration-cancelled"));
        scan(eventId, staff, Map.of("ticket", Fixtures.ticket(waitlisted))).then().statusCode(409).contentType(PROBLEM)
                .body("type", containsString("registration-waitlisted"));
        scan(eventId, staff, Map.of("ticket", Fixtures.ticket("reg-nobody", eventId))).then().statusCode(404)
                .contentType(PROBLEM);
        scan(eventId, staff, Map.of("registrationId", "reg-nobody")).then().statusCode(404).contentType(PROBLEM);
        scan(eventId, staff, Map.of("ticket", Fixtures.ticket(foreign))).then().statusCode(422).contentType(PROBLEM)
                .body("type", containsString("ticket-for-another-event"));
        scan(eventId, staff, Map.of("ticket", tampered)).then().statusCode(422).contentType(PROBLEM)
                .body("type", containsString("invalid-ticket"));
        // None of them changed anything.
        assertTrue(Fixtures.counters(eventId).isEmpty());
        assertNull(RegistrationItem.from(Fixtures.item(cancelled.registrationId(), eventId)).checkedInAt());
        assertNull(RegistrationItem.from(Fixtures.item(foreign.registrationId(), otherEvent)).checkedInAt());
    }

    @Test
    void exitAndEntryScansMoveOccupancyButNotTheCheckedInTotal() {
        String eventId = Fixtures.event("Occupancy");
        String staff = Fixtures.staffToken();
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem bob = Fixtures.register(eventId, "Bob Builder");
        scan(eventId, staff, Map.of("registrationId", bob.registrationId(), "direction", "exit")).then()
                .statusCode(409).body("type", containsString("not-checked-in"));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "gate", "north")).then().statusCode(200)
                .body("outcome", equalTo("checked_in"));
        scan(eventId, staff, Map.of("registrationId", bob.registrationId(), "gate", "south")).then().statusCode(200)
                .body("outcome", equalTo("checked_in"));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "direction", "exit")).then()
                .statusCode(200).body("outcome", equalTo("exited"));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "direction", "exit")).then()
                .statusCode(200).body("outcome", equalTo("not_inside"));
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then()
                .body("checkedIn", equalTo(2)).body("inside", equalTo(1))
                .body("gates.north", equalTo(1)).body("gates.south", equalTo(1));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "gate", "south")).then()
                .statusCode(200).body("outcome", equalTo("re_entered")).body("firstCheckIn.gate", equalTo("north"));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId())).then()
                .statusCode(200).body("outcome", equalTo("already_checked_in"));
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then()
                .body("checkedIn", equalTo(2)).body("inside", equalTo(2));
    }

    @Test
    void undoTakesTheCheckInBackAndAllowsCheckingInAgain() {
        String eventId = Fixtures.event("Undo");
        String staff = Fixtures.staffToken();
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        given().auth().oauth2(staff).delete("/api/checkin/events/{e}/check-ins/{r}", eventId, ada.registrationId())
                .then().statusCode(409).contentType(PROBLEM);
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "gate", "north")).then().statusCode(200);
        given().auth().oauth2(staff).delete("/api/checkin/events/{e}/check-ins/{r}", eventId, ada.registrationId())
                .then().statusCode(200).body("outcome", equalTo("check_in_undone"))
                .body("firstCheckIn.gate", equalTo("north"));
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then()
                .body("checkedIn", equalTo(0)).body("inside", equalTo(0)).body("gates.north", nullValue());
        assertTrue(Fixtures.item(ada.registrationId(), eventId).get(TableSchema.CHECK_IN_STATUS).s()
                .startsWith("confirmed#"));
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "gate", "south")).then().statusCode(200)
                .body("outcome", equalTo("checked_in"));
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then()
                .body("checkedIn", equalTo(1)).body("gates.south", equalTo(1));
        given().auth().oauth2(Fixtures.kioskToken(eventId, "north"))
                .delete("/api/checkin/events/{e}/check-ins/{r}", eventId, ada.registrationId()).then().statusCode(403);
    }

    @Test
    void staffFindAttendeesByNameOrEmailPrefix() {
        String eventId = Fixtures.event("Search");
        String staff = Fixtures.staffToken();
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        Fixtures.register(eventId, "Alan Turing");
        Fixtures.register(eventId, "Grace Hopper");
        given().auth().oauth2(staff).queryParam("q", "love").get("/api/checkin/events/{e}/attendees", eventId).then()
                .statusCode(200).body("$", hasSize(1)).body("[0].registrationId", equalTo(ada.registrationId()))
                .body("[0].status", equalTo("confirmed"));
        given().auth().oauth2(staff).queryParam("q", "A").get("/api/checkin/events/{e}/attendees", eventId).then()
                .statusCode(200).body("name", equalTo(List.of("Ada Lovelace", "Alan Turing")));
        given().auth().oauth2(staff).queryParam("q", ada.attendeeEmail().substring(0, 8))
                .get("/api/checkin/events/{e}/attendees", eventId).then()
                .statusCode(200).body("email", hasItem(ada.attendeeEmail()));
        given().auth().oauth2(staff).get("/api/checkin/events/{e}/attendees", eventId).then().statusCode(400)
                .contentType(PROBLEM).body("violations.field", hasItem("q"));
        given().auth().oauth2(staff).queryParam("q", "a").get("/api/checkin/events/{e}/attendees", "evt-none").then()
                .statusCode(404).contentType(PROBLEM);
    }

    @Test
    void invalidScanRequestIsProblemAndWritesNothing() {
        String eventId = Fixtures.event("Invalid");
        String staff = Fixtures.staffToken();
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        scan(eventId, staff, Map.of()).then().statusCode(400).contentType(PROBLEM);
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "ticket", "x")).then().statusCode(400)
                .contentType(PROBLEM);
        scan(eventId, staff, Map.of("registrationId", ada.registrationId(), "direction", "sideways")).then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItem(containsString("direction")));
        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{not json")
                .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(400).contentType(PROBLEM);
        scan(eventId, Fixtures.kioskToken("evt-other", "north"), Map.of("registrationId", ada.registrationId()))
                .then().statusCode(403).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("registrationId", ada.registrationId()))
                .post("/api/checkin/events/{e}/scans", eventId).then().statusCode(401).contentType(PROBLEM);
        assertNull(RegistrationItem.from(Fixtures.item(ada.registrationId(), eventId)).checkedInAt());
        assertTrue(Fixtures.counters(eventId).isEmpty());
    }

    @Test
    void everyScanIsTimedInAPrometheusHistogramByOutcomeAndGate() {
        String eventId = Fixtures.event("Metrics");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        scan(eventId, Fixtures.kioskToken(eventId, "metrics-gate"), Map.of("ticket", Fixtures.ticket(ada))).then()
                .statusCode(200).body("latencyMillis", notNullValue());
        given().port(StackTestResource.managementPort()).get("/q/metrics").then().statusCode(200)
                .body(containsString("checkin_scan_latency_seconds_bucket{"))
                .body(containsString("gate=\"metrics-gate\""))
                .body(containsString("stream_iterator_age_millis"));
    }
}
