package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.TokenMinter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Rate limits per client address (REST scans) and per kiosk (its socket), with low limits: an
 * abusive client is refused with 429 / a socket {@code error} and then closed with 1008, while
 * another client at the same time is served as usual.
 */
@QuarkusTest
@TestProfile(HostileClientProfile.class)
@QuarkusTestResource(StackTestResource.class)
class RateLimitTests {

    static final int REST_LIMIT = HostileClientProfile.REST_SCANS;
    static final int KIOSK_LIMIT = HostileClientProfile.KIOSK_SCANS;
    static final int CLOSE_AFTER = HostileClientProfile.CLOSE_AFTER;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** REST-assured calls from another loopback address: another client, as far as the service can tell. */
    private static RestAssuredConfig from(String localAddress) throws Exception {
        return RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", InetAddress.getByName(localAddress)));
    }

    private static Response scan(RestAssuredConfig client, String eventId, String token, Map<String, Object> body) {
        return given().config(client).baseUri("http://127.0.0.1").auth().oauth2(token).contentType(ContentType.JSON)
                .body(body).when().post("/api/checkin/events/{eventId}/scans", eventId);
    }

    @Test
    void restScansPastTheLimitGet429WithRetryAfterWhileAnotherAddressIsServed() throws Exception {
        String eventId = Fixtures.event("REST flood");
        List<RegistrationItem> guests = Fixtures.registerMany(eventId, 10);
        String staff = Fixtures.staffToken();
        RestAssuredConfig abuser = from("127.0.0.1");
        RestAssuredConfig neighbour = from("127.0.0.2");
        AtomicBoolean flooding = new AtomicBoolean(true);
        long floodStarted = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Response>>> floods = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            floods.add(pool.submit(() -> {
                List<Response> answers = new ArrayList<>();
                while (flooding.get() || answers.size() < 50) {
                    answers.add(scan(abuser, eventId, staff, Map.of("registrationId", "reg-nobody")));
                }
                return answers;
            }));
        }
        // The neighbour scans its guests one by one while the flood goes on.
        List<Long> latencies = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (RegistrationItem guest : guests) {
            long started = System.nanoTime();
            Response answer = scan(neighbour, eventId, staff, Map.of("registrationId", guest.registrationId()));
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            statuses.add(answer.statusCode());
            assertEquals("checked_in", answer.jsonPath().getString("outcome"), answer.asString());
            Thread.sleep(50);
        }
        flooding.set(false);
        List<Response> flood = new ArrayList<>();
        for (Future<List<Response>> answers : floods) {
            flood.addAll(answers.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        long floodSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - floodStarted) + 1;

        long served = flood.stream().filter(r -> r.statusCode() == 404).count();
        List<Response> refused = flood.stream().filter(r -> r.statusCode() == 429).toList();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("rate limit (REST): flood %d requests in %d s, %d served, %d refused; neighbour %d/%d served,"
                + " latency median %d ms, max %d ms%n", flood.size(), floodSeconds, served, refused.size(),
                statuses.stream().filter(s -> s == 200).count(), statuses.size(), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
        assertEquals(flood.size(), served + refused.size(), "only 404 (unknown registration) or 429 for the flood");
        // The bucket holds 20 and refills one request every 3 s while the flood lasts.
        assertTrue(served >= REST_LIMIT && served <= REST_LIMIT + floodSeconds / 3 + 1,
                "served " + served + " of " + flood.size() + " in " + floodSeconds + " s");
        for (Response response : refused) {
            assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
            assertTrue(response.jsonPath().getString("type").endsWith("/rate-limited"), response.asString());
            assertEquals(429, response.jsonPath().getInt("status"));
            int retryAfter = Integer.parseInt(response.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        }
        assertEquals(Collections.nCopies(guests.size(), 200), statuses, "the neighbour is never limited");
        // Served like any client on this (shared, loaded) machine: the median, not a tail the machine's load decides.
        assertTrue(sorted.get(sorted.size() / 2) < 3000, "neighbour's median scan " + sorted.get(sorted.size() / 2) + " ms");
        given().auth().oauth2(staff).get("/api/checkin/events/{eventId}/counts", eventId).then().statusCode(200)
                .body("checkedIn", org.hamcrest.Matchers.equalTo(guests.size()));
    }

    @Test
    void kioskFloodingItsSocketGetsErrorsThen1008WhileAnotherKioskScansOn() throws Exception {
        String eventId = Fixtures.event("Socket flood");
        List<RegistrationItem> guests = Fixtures.registerMany(eventId, 5);
        String abusiveToken = Fixtures.stack().tokens().mint(
                TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId).withGate("north").withSubject("kiosk-flooder"));
        try (SocketClient abuser = SocketClient.open(SocketTestSupport.kiosk(eventId), abusiveToken);
                SocketClient neighbour = SocketClient.open(SocketTestSupport.kiosk(eventId),
                        Fixtures.kioskToken(eventId, "south"))) {
            abuser.next(type("welcome"), WAIT);
            neighbour.next(type("welcome"), WAIT);
            CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                try {
                    for (; sent < 200 && !abuser.closed.isDone(); sent++) {
                        abuser.send(SocketTestSupport.scan("f-" + sent, "not-a-ticket", "entry"));
                    }
                } catch (RuntimeException closedWhileSending) {
                    // the server closed the socket: what the test expects
                }
                return sent;
            });
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < guests.size(); i++) {
                long started = System.nanoTime();
                neighbour.send(SocketTestSupport.scan("n-" + i, Fixtures.ticket(guests.get(i)), "entry"));
                JsonNode answer = neighbour.next(type("scan_result"), WAIT);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                assertEquals("checked_in", answer.path("result").path("outcome").asText(), answer.toString());
            }
            assertEquals(1008, abuser.closed.get(10, TimeUnit.SECONDS), "the flooding kiosk is closed with 1008");
            int sent = flood.get(10, TimeUnit.SECONDS);
            List<JsonNode> received = List.copyOf(abuser.received);
            long answered = received.stream().filter(type("scan_result")).count();
            List<JsonNode> limited = received.stream().filter(type("error"))
                    .filter(m -> m.path("problem").path("type").asText().endsWith("/rate-limited")).toList();
            System.out.printf("rate limit (kiosk socket): flooder sent %d, %d answered, %d refused, closed 1008;"
                    + " neighbour %d/%d checked in, latencies %s ms%n", sent, answered, limited.size(), latencies.size(),
                    guests.size(), latencies);
            assertTrue(answered >= KIOSK_LIMIT && answered <= KIOSK_LIMIT + 2, "answered " + answered);
            assertEquals(CLOSE_AFTER, limited.size(), received.toString());
            for (JsonNode error : limited) {
                assertEquals(429, error.path("problem").path("status").asInt());
                assertTrue(error.path("retryAfter").asInt() >= 1, error.toString());
                assertTrue(error.path("requestId").asText().startsWith("f-"), error.toString());
            }
            assertFalse(neighbour.closed.isDone(), "the other kiosk keeps its socket");
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            assertTrue(sorted.get(sorted.size() / 2) < 3000, "neighbour's median scan: " + latencies);
        }
    }
}
