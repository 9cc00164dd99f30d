package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class IdempotencyTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aRetriedRegistrationReturnsTheFirstAnswerAndWritesOnce() {
        String eventId = publishedEvent(10);
        String key = UUID.randomUUID().toString();

        var first = given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(person("Ada", "ada@example.org")).post(PREFIX + "/events/" + eventId + "/registrations")
                .then().statusCode(201).extract();
        var retry = given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(person("Ada", "ada@example.org")).post(PREFIX + "/events/" + eventId + "/registrations")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract();

        assertEquals(first.path("registration.registrationId"), (String) retry.path("registration.registrationId"));
        assertEquals(first.path("ticket"), (String) retry.path("ticket"));
        assertEquals(1, storedRegistrations(eventId).size());
        assertEquals(1, counts(eventId).get("confirmed").asLong());
    }

    @Test
    void concurrentRetriesWithOneKeyWriteOnce() {
        String eventId = publishedEvent(10);
        String key = UUID.randomUUID().toString();
        String body = toJson(person("Grace", "grace@example.org"));

        List<HttpResponse<String>> answers = burst(base, 10, i -> post(base, "/events/" + eventId + "/registrations", body)
                .header("Idempotency-Key", key));

        answers.forEach(r -> assertEquals(201, r.statusCode(), r.body()));
        assertEquals(1, answers.stream().map(r -> json(r.body()).at("/registration/registrationId").asText())
                .distinct().count());
        assertEquals(1, storedRegistrations(eventId).size());
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndWritesNothing() {
        String eventId = publishedEvent(10);
        String key = UUID.randomUUID().toString();
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(person("Ada", "ada@example.org"))
                .post(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(201);

        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(person("Eve", "eve@example.org"))
                .post(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://eventplatform.dev/problems/idempotency-key-reused"));

        assertEquals(1, storedRegistrations(eventId).size());
    }

    @Test
    void aRetriedCancellationPromotesOnce() {
        String eventId = publishedEvent(1);
        String[] seat = registered(eventId, "Seated", "seated@example.org");
        registered(eventId, "Waiting 1", "w1@example.org");
        registered(eventId, "Waiting 2", "w2@example.org");
        String key = UUID.randomUUID().toString();

        for (int i = 0; i < 3; i++) {
            given().header("X-Ticket", seat[1]).header("Idempotency-Key", key).post(PREFIX + "/tickets/me/cancel")
                    .then().statusCode(200).body("status", equalTo("cancelled"));
        }

        var counts = counts(eventId);
        assertEquals(1, counts.get("confirmed").asLong());
        assertEquals(1, counts.get("waitlisted").asLong());
        assertEquals(1, counts.get("cancelled").asLong());
    }

    @Test
    void aRetriedEventCreationCreatesOneEvent() {
        String key = UUID.randomUUID().toString();
        var body = eventBody(10, true, List.of());
        String first = given().auth().oauth2(organizer()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post(PREFIX + "/events").then().statusCode(201).extract().path("id");
        String second = given().auth().oauth2(organizer()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post(PREFIX + "/events").then().statusCode(201).header("Idempotent-Replayed", "true")
                .extract().path("id");

        assertEquals(first, second);
        long withName = given().auth().oauth2(organizer()).get(PREFIX + "/events").then().statusCode(200)
                .extract().jsonPath().getList("id").stream().filter(first::equals).count();
        assertEquals(1, withName);
    }

    @Test
    void aMalformedKeyIsRefused() {
        String eventId = publishedEvent(10);
        given().header("Idempotency-Key", "not a key!").contentType(ContentType.JSON)
                .body(person("Ada", "ada@example.org")).post(PREFIX + "/events/" + eventId + "/registrations")
                .then().statusCode(400).body("violations[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, storedRegistrations(eventId).size());
    }
}
