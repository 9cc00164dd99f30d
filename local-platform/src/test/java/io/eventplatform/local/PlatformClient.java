package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonObject;

/** The platform's public API as the integration tests drive it: one base URL, bearer tokens, JSON. */
final class PlatformClient {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private PlatformClient() {
    }

    /** Creates and publishes an event for 100, registration open, through {@code base}; returns its id. */
    static String publishedEvent(String base, String organizerToken, String name) {
        String eventId = new JsonObject(send("POST", base + "/api/registration/events", organizerToken, """
                {"name":"%s","venue":"Hall A","startsAt":"2027-01-10T09:00:00Z",
                 "endsAt":"2027-01-10T17:00:00Z","timeZone":"UTC","capacity":100,"waitlistEnabled":false,
                 "registrationOpensAt":"2026-01-01T00:00:00Z","registrationClosesAt":"2027-01-09T00:00:00Z"}
                """.formatted(name), 201)).getString("id");
        send("POST", base + "/api/registration/events/" + eventId + "/publish", organizerToken, "", 200);
        return eventId;
    }

    /** Registers {@code count} guests; returns their registration ids in order. */
    static List<String> register(String base, String eventId, int count) {
        List<String> registrations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            registrations.add(new JsonObject(send("POST", base + "/api/registration/events/" + eventId + "/registrations",
                    null, "{\"name\":\"Guest " + i + "\",\"email\":\"guest" + i + "@example.org\"}", 201))
                    .getJsonObject("registration").getString("registrationId"));
        }
        return registrations;
    }

    /** A staff check-in at {@code base} (an instance or the gateway), answered 200. */
    static JsonObject checkIn(String base, String eventId, String staffToken, String registrationId) {
        return new JsonObject(send("POST", base + "/api/checkin/events/" + eventId + "/scans", staffToken,
                new JsonObject().put("registrationId", registrationId).encode(), 200));
    }

    static HttpRequest request(String method, String url, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return request.build();
    }

    /** Sends and asserts the status; returns the body. */
    static String send(String method, String url, String bearer, String body, int status) {
        try {
            HttpResponse<String> response = CLIENT.send(request(method, url, bearer, body),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(status, response.statusCode(), method + " " + url + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
