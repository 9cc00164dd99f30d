package io.eventplatform.registration;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.item.Attributes;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.StackTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The registration API as tests drive it: RestAssured for single calls, a JDK client for bursts. */
public final class RegistrationApi {

    public static final String PREFIX = "/api/registration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private RegistrationApi() {
    }

    public static String organizer() {
        return StackTestResource.token(Roles.ORGANIZER, null);
    }

    /** An event body open for registration now, with the given capacity, waitlist and questions. */
    public static Map<String, Object> eventBody(int capacity, boolean waitlist, List<Map<String, Object>> questions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", "Test event " + now.toEpochMilli());
        body.put("description", "A test event");
        body.put("venue", "Hall 1");
        body.put("startsAt", now.plus(Duration.ofDays(11)).toString());
        body.put("endsAt", now.plus(Duration.ofDays(11)).plus(Duration.ofHours(8)).toString());
        body.put("timeZone", "Europe/Berlin");
        body.put("capacity", capacity);
        body.put("waitlistEnabled", waitlist);
        body.put("registrationOpensAt", now.minus(Duration.ofHours(1)).toString());
        body.put("registrationClosesAt", now.plus(Duration.ofDays(10)).toString());
        body.put("questions", questions);
        return body;
    }

    /** Creates and publishes an event; returns its id. */
    public static String publishedEvent(int capacity, boolean waitlist, List<Map<String, Object>> questions) {
        String id = given().auth().oauth2(organizer()).contentType(ContentType.JSON)
                .body(eventBody(capacity, waitlist, questions))
                .post(PREFIX + "/events").then().statusCode(201).extract().path("id");
        given().auth().oauth2(organizer()).post(PREFIX + "/events/" + id + "/publish").then().statusCode(200);
        return id;
    }

    public static String publishedEvent(int capacity) {
        return publishedEvent(capacity, true, List.of());
    }

    public static Map<String, Object> person(String name, String email) {
        return Map.of("name", name, "email", email);
    }

    public static ExtractableResponse<Response> register(String eventId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post(PREFIX + "/events/" + eventId + "/registrations").then().extract();
    }

    /** Registers and returns {@code [registrationId, ticket, status]}. */
    public static String[] registered(String eventId, String name, String email) {
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON).body(person(name, email))
                .post(PREFIX + "/events/" + eventId + "/registrations").then().statusCode(201).extract();
        return new String[] { response.path("registration.registrationId"), response.path("ticket"),
                response.path("registration.status") };
    }

    public static JsonNode counts(String eventId) {
        String body = given().auth().oauth2(organizer()).get(PREFIX + "/events/" + eventId + "/counts")
                .then().statusCode(200).extract().asString();
        return json(body);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code count} requests at once and waits for every answer. */
    public static List<HttpResponse<String>> burst(URI base, int count, IntFunction<HttpRequest.Builder> request) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(HTTP.sendAsync(request.apply(i).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /**
     * As {@link #burst}, each request then resent as the API asks of clients: a 503 (too many concurrent
     * changes to one event) again after its {@code Retry-After}, with the same Idempotency-Key, a few times.
     */
    public static List<HttpResponse<String>> burstRetrying503(URI base, int count, IntFunction<HttpRequest.Builder> request) {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest sent = request.apply(i).header("Idempotency-Key", "burst-" + UUID.randomUUID())
                    .timeout(Duration.ofSeconds(120)).build();
            futures.add(sendRetrying503(sent, 5));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static CompletableFuture<HttpResponse<String>> sendRetrying503(HttpRequest request, int attemptsLeft) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() != 503 || attemptsLeft <= 1) {
                return CompletableFuture.completedFuture(response);
            }
            long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait, TimeUnit.SECONDS))
                    .thenCompose(ignored -> sendRetrying503(request, attemptsLeft - 1));
        });
    }

    public static HttpRequest.Builder post(URI base, String path, String jsonBody) {
        return HttpRequest.newBuilder(base.resolve(PREFIX + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registration items of an event straight from the table (date index, every page). */
    public static List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> storedRegistrations(
            String eventId) {
        var dynamoDb = StackTestResource.stack().dynamoDb();
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(q -> q.tableName(TableSchema.DEFAULT_TABLE_NAME)
                .indexName(TableSchema.REGISTRATION_DATE_INDEX).keyConditionExpression("event_id = :e")
                .expressionAttributeValues(Map.of(":e", Attributes.s(eventId))))
                .items().forEach(items::add);
        return items;
    }

    /** How many stored registrations of an event have a status. */
    public static long storedWithStatus(String eventId, String status) {
        return storedRegistrations(eventId).stream()
                .filter(item -> status.equals(item.get("status").s())).count();
    }
}
