package io.eventplatform.registration;

import static io.eventplatform.registration.RegistrationApi.PREFIX;
import static io.eventplatform.registration.RegistrationApi.person;
import static io.eventplatform.registration.RegistrationApi.publishedEvent;
import static io.eventplatform.registration.RegistrationApi.storedRegistrations;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Registrations are limited per client address: a flood gets 429s and writes nothing past the limit. */
@QuarkusTest
@TestProfile(RateLimitTests.LowLimit.class)
@QuarkusTestResource(StackTestResource.class)
class RateLimitTests {

    static final int LIMIT = 5;

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rate-limit.limits.registrations.requests", String.valueOf(LIMIT),
                    "rate-limit.limits.registrations.period", "1h");
        }
    }

    private static Response register(String localAddress, String eventId, int n) {
        try {
            RestAssuredConfig client = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(localAddress)));
            return given().config(client).baseUri("http://127.0.0.1").contentType(ContentType.JSON)
                    .body(person("Guest " + n, "guest-" + n + "-" + localAddress + "@example.org"))
                    .post(PREFIX + "/events/" + eventId + "/registrations");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRegistrationFloodIsRefusedWith429AndWritesNothingWhileAnotherAddressRegisters() throws Exception {
        String eventId = publishedEvent(100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            flood.add(pool.submit(() -> register("127.0.0.1", eventId, n)));
        }
        List<Integer> neighbour = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            neighbour.add(register("127.0.0.2", eventId, i).statusCode());
        }
        int created = 0;
        int refused = 0;
        for (Future<Response> answer : flood) {
            Response response = answer.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 201) {
                created++;
                continue;
            }
            assertEquals(429, response.statusCode(), response.asString());
            refused++;
            assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
            assertEquals("https://eventplatform.dev/problems/rate-limited", response.jsonPath().getString("type"));
            assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1, response.header("Retry-After"));
        }
        pool.shutdown();
        System.out.printf("rate limit (registrations): flood of 40 from one address: %d created, %d refused;"
                + " another address: %s%n", created, refused, neighbour);
        assertEquals(LIMIT, created);
        assertEquals(40 - LIMIT, refused);
        assertEquals(List.of(201, 201, 201, 201, 201), neighbour, "the other address is not limited");
        assertEquals(2 * LIMIT, storedRegistrations(eventId).size(), "refused registrations wrote nothing");
    }
}
