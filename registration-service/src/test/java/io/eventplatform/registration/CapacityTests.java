package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class CapacityTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void twoHundredConcurrentRegistrationsForTheLastTenSeatsConfirmExactlyTen() {
        String eventId = publishedEvent(50);
        for (int i = 0; i < 40; i++) {
            registered(eventId, "Early " + i, "early" + i + "@example.org");
        }

        List<HttpResponse<String>> answers = burstRetrying503(base, 200, i -> post(base, "/events/" + eventId + "/registrations",
                toJson(person("Rush " + i, "rush" + i + "@example.org"))));

        assertEquals(200, answers.stream().filter(r -> r.statusCode() == 201).count(), () -> "every registration is accepted; statuses "
                + answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting())));
        long confirmed = answers.stream().filter(r -> json(r.body()).at("/registration/status").asText().equals("confirmed")).count();
        long waitlisted = answers.stream().filter(r -> json(r.body()).at("/registration/status").asText().equals("waitlisted")).count();
        assertEquals(10, confirmed);
        assertEquals(190, waitlisted);
        assertEquals(50, storedWithStatus(eventId, "confirmed"), "the table holds exactly capacity confirmed");
        assertEquals(190, storedWithStatus(eventId, "waitlisted"));
        var counts = counts(eventId);
        assertEquals(50, counts.get("confirmed").asLong());
        assertEquals(190, counts.get("waitlisted").asLong());
        assertEquals(0, counts.get("remaining").asLong());
    }

    @Test
    void theSameEmailRegisteringTwiceConcurrentlyYieldsOneRegistration() {
        String eventId = publishedEvent(100);

        List<HttpResponse<String>> answers = burst(base, 20, i -> post(base, "/events/" + eventId + "/registrations",
                toJson(person("Twin " + i, i % 2 == 0 ? "twin@example.org" : "TWIN@Example.org"))));

        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count());
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 409).toList();
        assertEquals(19, refused.size());
        refused.forEach(r -> assertEquals("https://eventplatform.dev/problems/already-registered",
                json(r.body()).get("type").asText()));
        assertEquals(1, storedRegistrations(eventId).size());
        assertEquals(1, counts(eventId).get("confirmed").asLong());
    }

    @Test
    void aFullEventWithoutWaitlistRefusesAndWritesNothing() {
        String eventId = publishedEvent(2, false, List.of());
        registered(eventId, "One", "one@example.org");
        registered(eventId, "Two", "two@example.org");

        var refused = register(eventId, person("Three", "three@example.org"));

        assertEquals(409, refused.statusCode());
        assertEquals("https://eventplatform.dev/problems/event-full", refused.path("type"));
        assertEquals(2, storedRegistrations(eventId).size());
        assertEquals(0, counts(eventId).get("waitlisted").asLong());
        // The refused email holds no guard: it may register once a seat frees up.
        assertEquals(Map.of(), StackTestResource.stack().dynamoDb().getItem(g -> g
                .tableName(io.eventplatform.shared.table.TableSchema.DEFAULT_TABLE_NAME)
                .key(io.eventplatform.shared.item.ItemKeys.emailGuard("three@example.org", eventId))).item());
    }
}
