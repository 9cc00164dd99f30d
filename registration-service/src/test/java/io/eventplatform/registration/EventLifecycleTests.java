package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.EventItem;
import io.eventplatform.shared.item.ItemKeys;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class EventLifecycleTests {

    @Test
    void anOrganizerCreatesEditsPublishesAndClosesAnEvent() {
        var body = new HashMap<>(eventBody(100, true, List.of(Map.of("id", "diet", "label", "Diet",
                "type", "single_choice", "required", false, "options", List.of("none", "vegan")))));
        body.put("startsAt", "2030-06-01T09:00:00+02:00");
        body.put("endsAt", "2030-06-01T18:00:00+02:00");
        String id = given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events").then().statusCode(201)
                .body("state", equalTo("draft")).body("startsAt", equalTo("2030-06-01T09:00:00+02:00"))
                .body("questions[0].type", equalTo("single_choice")).extract().path("id");
        given().get(PREFIX + "/events").then().statusCode(200).body("id", not(hasItem(id)));

        body.put("name", "Renamed");
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body).put(PREFIX + "/events/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed"));
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/publish").then().statusCode(200)
                .body("state", equalTo("published"));
        given().get(PREFIX + "/events").then().statusCode(200).body("id", hasItem(id));
        registered(id, "Ada", "ada@example.org");
        given().get(PREFIX + "/events/" + id).then().statusCode(200).body("remainingCapacity", equalTo(99))
                .body("name", equalTo("Renamed"));

        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/close").then().statusCode(200)
                .body("state", equalTo("closed"));
        assertEquals(409, register(id, person("Bob", "bob@example.org")).statusCode());
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/publish").then().statusCode(409)
                .body("type", equalTo("https://eventplatform.dev/problems/event-state"));

        var stored = StackTestResource.stack().dynamoDb().getItem(g -> g.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .key(ItemKeys.event(id))).item();
        EventItem event = EventItem.from(stored);
        assertEquals("Renamed", event.name());
        assertEquals(EventItem.EventState.CLOSED, event.state());
        assertEquals(1, Long.parseLong(stored.get("confirmed_count").n()), "an edit keeps the counters");
    }

    @Test
    void theRegistrationRightAfterAnEditFollowsTheEdit() {
        // Registrations may start from an event read a moment ago; an edit in that moment must still count.
        var body = new HashMap<>(eventBody(100, true, List.of()));
        String id = given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events").then().statusCode(201).extract().path("id");
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/publish").then().statusCode(200);
        registered(id, "Ada", "ada@example.org");

        java.time.Instant laterEnd = java.time.Instant.parse((String) body.get("endsAt")).plus(java.time.Duration.ofDays(2));
        body.put("endsAt", laterEnd.toString());
        body.put("questions", List.of(Map.of("id", "badge", "label", "Name on badge", "type", "text", "required", true)));
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body).put(PREFIX + "/events/" + id)
                .then().statusCode(200);

        given().contentType(ContentType.JSON).body(person("Bob", "bob@example.org"))
                .post(PREFIX + "/events/" + id + "/registrations").then().statusCode(400)
                .body("violations.field", hasItem("answers.badge"));
        Map<String, Object> withBadge = new HashMap<>(person("Bob", "bob@example.org"));
        withBadge.put("answers", Map.of("badge", List.of("Bobby")));
        String ticket = given().contentType(ContentType.JSON).body(withBadge)
                .post(PREFIX + "/events/" + id + "/registrations").then().statusCode(201)
                .body("registration.answers.badge[0]", equalTo("Bobby")).extract().path("ticket");
        long expiresAt = json(new String(java.util.Base64.getUrlDecoder().decode(ticket.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8)).get("exp").asLong();
        assertEquals(laterEnd.plus(java.time.Duration.ofDays(1)).getEpochSecond(), expiresAt,
                "the ticket expires a day after the edited end");
        assertEquals(2, counts(id).get("confirmed").asInt());
    }

    @Test
    void organizersNameTheEventsGatesEachOnceAndTheItemKeepsThem() {
        var body = new HashMap<>(eventBody(100, true, List.of()));
        body.put("gates", List.of("north", "south", "VIP desk"));
        String id = given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events").then().statusCode(201)
                .body("gates", equalTo(List.of("north", "south", "VIP desk"))).extract().path("id");
        var stored = EventItem.from(StackTestResource.stack().dynamoDb().getItem(g -> g
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(ItemKeys.event(id))).item());
        assertEquals(List.of("north", "south", "VIP desk"), stored.gates());

        body.put("gates", List.of("north", "north"));
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .put(PREFIX + "/events/" + id).then().statusCode(400).body("violations[0].field", equalTo("gates"));
        body.put("gates", List.of("north/../q"));
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .put(PREFIX + "/events/" + id).then().statusCode(400)
                .body("violations[0].field", startsWith("gates"));
        given().auth().oauth2(organizer()).get(PREFIX + "/events/" + id).then()
                .body("gates", equalTo(List.of("north", "south", "VIP desk")));
        body.put("gates", List.of("west"));
        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(body)
                .put(PREFIX + "/events/" + id).then().statusCode(200).body("gates", equalTo(List.of("west")));
    }

    @Test
    void capacityCannotDropBelowConfirmedSeats() {
        String id = publishedEvent(3);
        registered(id, "A", "a@example.org");
        registered(id, "B", "b@example.org");

        given().auth().oauth2(organizer()).contentType(ContentType.JSON).body(eventBody(1, true, List.of()))
                .put(PREFIX + "/events/" + id).then().statusCode(409)
                .body("type", equalTo("https://eventplatform.dev/problems/capacity-below-confirmed"))
                .body("violations[0].field", equalTo("capacity"));
        given().get(PREFIX + "/events/" + id).then().body("capacity", equalTo(3));
    }

    @Test
    void organizersPageThroughRegistrationsNewestFirstOrByStatus() {
        String id = publishedEvent(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(registered(id, "Person " + i, "p" + i + "@example.org")[0]);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(organizer()).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(PREFIX + "/events/" + id + "/registrations").then().statusCode(200).extract();
            seen.addAll(page.jsonPath().getList("items.registrationId"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);

        var waitlisted = given().auth().oauth2(organizer()).queryParam("status", "waitlisted").queryParam("order", "oldest")
                .get(PREFIX + "/events/" + id + "/registrations").then().statusCode(200).extract();
        assertEquals(ids.subList(3, 7), waitlisted.jsonPath().getList("items.registrationId"));
        assertNull(waitlisted.path("nextCursor"));

        var byEmail = given().auth().oauth2(organizer()).queryParam("email", "P4@example.org")
                .get(PREFIX + "/registrations/by-email").then().statusCode(200).extract();
        assertTrue(byEmail.jsonPath().getList("registrationId").contains(ids.get(4)));
    }

    @Test
    void registrationsOfAnEventExpireAfterTheRetention() {
        String id = publishedEvent(3);
        String registrationId = registered(id, "A", "a@example.org")[0];
        var event = EventItem.from(StackTestResource.stack().dynamoDb().getItem(g -> g
                .tableName(TableSchema.DEFAULT_TABLE_NAME).key(ItemKeys.event(id))).item());
        var registration = StackTestResource.stack().dynamoDb().getItem(g -> g.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .key(ItemKeys.registration(registrationId, id))).item();

        long ttl = Long.parseLong(registration.get(TableSchema.TTL).n());
        assertEquals(event.endsAt().plus(java.time.Duration.ofDays(90)).getEpochSecond(), ttl);
    }
}
