package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class BadInputTests {

    private static final String PROBLEM = "application/problem+json";
    private static final String BASE = "https://eventplatform.dev/problems/";

    private static final List<Map<String, Object>> QUESTIONS = List.of(
            Map.of("id", "diet", "label", "Diet", "type", "single_choice", "required", true,
                    "options", List.of("none", "vegetarian", "vegan")),
            Map.of("id", "topics", "label", "Topics", "type", "multiple_choice", "required", false,
                    "options", List.of("cloud", "native", "data")),
            Map.of("id", "terms", "label", "I accept the terms", "type", "checkbox", "required", true),
            Map.of("id", "note", "label", "Anything else?", "type", "text", "required", false));

    private static ValidatableResponse post(String eventId, Object body) {
        return given().contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events/" + eventId + "/registrations").then();
    }

    private static Map<String, Object> withAnswers(Map<String, Object> answers) {
        Map<String, Object> body = new HashMap<>(person("Ada", "ada@example.org"));
        body.put("answers", answers);
        return body;
    }

    @Test
    void anUnknownEventIs404() {
        post("no-such-event", person("Ada", "ada@example.org")).statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(BASE + "not-found"));
    }

    @Test
    void aDraftEventIsUnknownToAttendees() {
        String draft = given().auth().oauth2(organizer()).contentType(ContentType.JSON)
                .body(eventBody(5, true, List.of())).post(PREFIX + "/events").then().statusCode(201).extract().path("id");
        post(draft, person("Ada", "ada@example.org")).statusCode(404);
        given().get(PREFIX + "/events/" + draft).then().statusCode(404);
        assertEquals(0, storedRegistrations(draft).size());
    }

    @Test
    void aWindowNotYetOpenIs409() {
        Map<String, Object> body = new HashMap<>(eventBody(5, true, List.of()));
        body.put("registrationOpensAt", Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        String eventId = publish(body);
        post(eventId, person("Ada", "ada@example.org")).statusCode(409).contentType(PROBLEM)
                .body("type", equalTo(BASE + "registration-not-open"));
        assertEquals(0, storedRegistrations(eventId).size());
    }

    @Test
    void aClosedWindowIs409() {
        Map<String, Object> body = new HashMap<>(eventBody(5, true, List.of()));
        body.put("registrationOpensAt", Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("registrationClosesAt", Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        String eventId = publish(body);
        post(eventId, person("Ada", "ada@example.org")).statusCode(409).body("type", equalTo(BASE + "registration-closed"));
        assertEquals(0, storedRegistrations(eventId).size());
    }

    @Test
    void anInvalidEmailOrOversizedNameIsAFieldLevel400() {
        String eventId = publishedEvent(5);
        post(eventId, person("x".repeat(201), "not-an-email")).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(BASE + "validation"))
                .body("violations.field", hasItem("email"))
                .body("violations.field", hasItem("name"));
        post(eventId, Map.of("email", "ada@example.org")).statusCode(400).body("violations.field", hasItem("name"));
        assertEquals(0, storedRegistrations(eventId).size());
        assertEquals(0, counts(eventId).get("confirmed").asLong());
    }

    @Test
    void missingAndInvalidAnswersAreEachNamed() {
        String eventId = publishedEvent(5, true, QUESTIONS);
        post(eventId, withAnswers(Map.of("topics", List.of("cloud", "cobol"), "terms", List.of("false"),
                "shoe_size", List.of("44")))).statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("answers.diet"))
                .body("violations.field", hasItem("answers.topics"))
                .body("violations.field", hasItem("answers.terms"))
                .body("violations.field", hasItem("answers.shoe_size"));
        assertEquals(0, storedRegistrations(eventId).size());

        post(eventId, withAnswers(Map.of("diet", List.of("vegan"), "terms", List.of("true"),
                "note", List.of("Lovelace, \"Ada\"")))).statusCode(201)
                .body("registration.answers.diet[0]", equalTo("vegan"));
    }

    @Test
    void malformedJsonIs400() {
        String eventId = publishedEvent(5);
        given().contentType(ContentType.JSON).body("{\"name\": ").post(PREFIX + "/events/" + eventId + "/registrations")
                .then().statusCode(400).contentType(PROBLEM);
        assertEquals(0, storedRegistrations(eventId).size());
    }

    @Test
    void aForgedCursorIs400() {
        String eventId = publishedEvent(5);
        given().auth().oauth2(organizer()).queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
        given().auth().oauth2(organizer()).queryParam("limit", 0).queryParam("order", "sideways")
                .get(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(400)
                .body("violations.field", hasItem("limit")).body("violations.field", hasItem("order"));
    }

    @Test
    void anInconsistentEventIsAFieldLevel400() {
        Map<String, Object> body = new HashMap<>(eventBody(5, true, List.of(
                Map.of("id", "diet", "label", "Diet", "type", "single_choice", "required", true),
                Map.of("id", "diet", "label", "Again", "type", "shoe", "required", false))));
        body.put("timeZone", "Mars/Olympus");
        body.put("endsAt", body.get("startsAt"));
        body.put("capacity", 0);
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body).post(PREFIX + "/events")
                .then().statusCode(400).body("violations.field", hasItem("capacity"))
                .body("violations.field", hasItem("questions[1].type"));
        body.put("capacity", 5);
        body.put("questions", List.of(Map.of("id", "diet", "label", "Diet", "type", "single_choice", "required", true),
                Map.of("id", "diet", "label", "Again", "type", "text", "required", false)));
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body).post(PREFIX + "/events")
                .then().statusCode(400).body("violations.field", hasItem("timeZone"))
                .body("violations.field", hasItem("endsAt"))
                .body("violations.field", hasItem("questions[0].options"))
                .body("violations.field", hasItem("questions[1].id"));
    }

    @Test
    void attendeesCannotUseOrganizerEndpoints() {
        String eventId = publishedEvent(5);
        given().get(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(StackTestResource.token("staff", null))
                .post(PREFIX + "/events/" + eventId + "/close").then().statusCode(403).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(eventBody(5, true, List.of())).post(PREFIX + "/events")
                .then().statusCode(401);
    }

    private static String publish(Map<String, Object> body) {
        String id = given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events").then().statusCode(201).extract().path("id");
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/publish").then().statusCode(200);
        return id;
    }
}
