package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class WaitlistPromotionTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void cancellingASeatPromotesTheOldestWaitlistedRegistration() {
        String eventId = publishedEvent(1);
        String[] seat = registered(eventId, "Seated", "seated@example.org");
        String[] first = registered(eventId, "First in line", "first@example.org");
        String[] second = registered(eventId, "Second in line", "second@example.org");
        assertEquals("waitlisted", first[2]);

        given().header("X-Ticket", seat[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200);

        given().header("X-Ticket", first[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("confirmed"));
        given().header("X-Ticket", second[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("waitlisted"));
        var counts = counts(eventId);
        assertEquals(1, counts.get("confirmed").asLong());
        assertEquals(1, counts.get("waitlisted").asLong());
        assertEquals(1, counts.get("cancelled").asLong());
    }

    @Test
    void twentyConcurrentCancellationsPromoteExactlyTwentyWaitlisted() {
        String eventId = publishedEvent(20);
        List<String> confirmed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            confirmed.add(registered(eventId, "Seat " + i, "seat" + i + "@example.org")[0]);
        }
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waiting.add(registered(eventId, "Wait " + i, "wait" + i + "@example.org")[0]);
        }
        String organizer = organizer();

        List<HttpResponse<String>> answers = burst(base, 20, i -> post(base,
                "/events/" + eventId + "/registrations/" + confirmed.get(i) + "/cancel", "")
                .header("Authorization", "Bearer " + organizer));

        answers.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        Set<String> nowConfirmed = new HashSet<>();
        storedRegistrations(eventId).stream().filter(item -> item.get("status").s().equals("confirmed"))
                .forEach(item -> nowConfirmed.add(item.get("registration_id").s()));
        assertEquals(new HashSet<>(waiting.subList(0, 20)), nowConfirmed,
                "exactly the twenty oldest waitlisted hold the seats");
        assertEquals(10, storedWithStatus(eventId, "waitlisted"));
        assertEquals(20, storedWithStatus(eventId, "cancelled"));
        var counts = counts(eventId);
        assertEquals(20, counts.get("confirmed").asLong());
        assertEquals(10, counts.get("waitlisted").asLong());
        assertEquals(20, counts.get("cancelled").asLong());
    }

    @Test
    void raisingCapacityPromotesFromTheWaitlist() {
        String eventId = publishedEvent(1);
        registered(eventId, "Seated", "seated@example.org");
        String[] waiting = registered(eventId, "Waiting", "waiting@example.org");

        var body = new java.util.HashMap<>(eventBody(2, true, List.of()));
        given().auth().oauth2(organizer()).contentType("application/json").body(body)
                .put(PREFIX + "/events/" + eventId).then().statusCode(200);

        given().header("X-Ticket", waiting[1]).get(PREFIX + "/tickets/me").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("confirmed"));
        assertEquals(2, counts(eventId).get("confirmed").asLong());
    }

    @Test
    void aCancelledEmailMayRegisterAgain() {
        String eventId = publishedEvent(5);
        String[] first = registered(eventId, "Ada", "ada@example.org");
        given().header("X-Ticket", first[1]).post(PREFIX + "/tickets/me/cancel").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("cancelled"));

        String[] again = registered(eventId, "Ada", "ada@example.org");

        assertEquals("confirmed", again[2]);
        assertEquals(1, counts(eventId).get("confirmed").asLong());
    }
}
