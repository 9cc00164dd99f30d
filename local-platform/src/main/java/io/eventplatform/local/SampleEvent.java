package io.eventplatform.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.StackException;
import io.eventplatform.stack.TokenMinter;

/**
 * A sample event written through the public APIs behind the gateway, as an organizer, attendees
 * and door staff would: questions and two gates, {@value #REGISTRATIONS} registrations, a few
 * check-ins at each gate, and a public and a checked-in-only material, both published.
 */
final class SampleEvent {

    static final int REGISTRATIONS = 100;
    static final List<String> GATES = List.of("north-1", "south-1");
    /** Check-ins per gate, in {@link #GATES} order: the first attendees check in at north-1, the next at south-1. */
    static final List<Integer> CHECK_INS = List.of(7, 5);

    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances",
            "Donald", "Margaret", "Dennis", "Radia");
    private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra",
            "Allen", "Knuth", "Hamilton", "Ritchie", "Perlman");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was made, and the tokens and ids the docs' examples use. */
    record Result(URI base, String eventId, String eventName, int registrations, Map<String, Integer> checkInsByGate,
            String organizer, String staff, String kiosk, String ticket, String checkedInAttendee,
            String registrationId, String waitingAttendee, String publicMaterial, String checkedInMaterial) {

        /** The docs' variables as shell {@code export} lines. */
        List<String> exports() {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("BASE", base.toString());
            variables.put("EVENT_ID", eventId);
            variables.put("ORGANIZER", organizer);
            variables.put("STAFF", staff);
            variables.put("KIOSK", kiosk);
            variables.put("TICKET", ticket);
            variables.put("REGISTRATION_ID", registrationId);
            variables.put("MATERIAL", checkedInMaterial);
            return variables.entrySet().stream().map(v -> "export " + v.getKey() + "=" + v.getValue()).toList();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final TokenMinter tokens;

    SampleEvent(URI base, TokenMinter tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    Result create() {
        requireRunningPlatform();
        String organizer = tokens.mint(TokenMinter.TokenRequest.forRole(Roles.ORGANIZER, null).withSubject("demo-organizer"));
        String staff = tokens.mint(TokenMinter.TokenRequest.forRole(Roles.STAFF, null).withSubject("demo-staff"));

        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        String name = "Demo Conference";
        ObjectNode event = JSON.createObjectNode()
                .put("name", name).put("venue", "Congress Centre, Hall A")
                // Doors are open now, so kiosks and the dashboard have something to show.
                .put("startsAt", now.minus(Duration.ofHours(1)).toString())
                .put("endsAt", now.plus(Duration.ofHours(8)).toString())
                .put("timeZone", "UTC").put("capacity", 150).put("waitlistEnabled", true)
                .put("registrationOpensAt", now.minus(Duration.ofDays(30)).toString())
                .put("registrationClosesAt", now.plus(Duration.ofHours(8)).toString());
        GATES.forEach(event.putArray("gates")::add);
        event.putArray("questions")
                .add(JSON.createObjectNode().put("id", "diet").put("label", "Dietary requirements")
                        .put("type", "single_choice").put("required", true)
                        .set("options", JSON.createArrayNode().add("none").add("vegetarian").add("vegan")))
                .add(JSON.createObjectNode().put("id", "terms").put("label", "I accept the code of conduct")
                        .put("type", "checkbox").put("required", true));
        String eventId = send("POST", "/api/registration/events", organizer, event).path("id").asText();
        send("POST", "/api/registration/events/" + eventId + "/publish", organizer, null);

        List<JsonNode> registrations = registerAttendees(eventId);
        int next = 0;
        Map<String, Integer> checkInsByGate = new LinkedHashMap<>();
        for (int g = 0; g < GATES.size(); g++) {
            for (int i = 0; i < CHECK_INS.get(g); i++) {
                String registrationId = registrations.get(next++).path("registration").path("registrationId").asText();
                send("POST", "/api/checkin/events/" + eventId + "/scans", staff,
                        JSON.createObjectNode().put("registrationId", registrationId).put("gate", GATES.get(g)));
            }
            checkInsByGate.put(GATES.get(g), CHECK_INS.get(g));
        }
        JsonNode checkedIn = registrations.get(0);
        JsonNode waiting = registrations.get(next);

        String publicMaterial = upload(eventId, organizer, "Venue map", "public", "venue-map.pdf");
        String checkedInMaterial = upload(eventId, organizer, "Keynote slides", "checked_in", "keynote.pdf");

        String kiosk = tokens.mint(TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId).withGate(GATES.get(0))
                .withSubject("kiosk-" + GATES.get(0)));
        return new Result(base, eventId, name, registrations.size(), checkInsByGate, organizer, staff, kiosk,
                checkedIn.path("ticket").asText(), checkedIn.path("registration").path("attendeeName").asText(),
                waiting.path("registration").path("registrationId").asText(),
                waiting.path("registration").path("attendeeName").asText(), publicMaterial, checkedInMaterial);
    }

    private void requireRunningPlatform() {
        try {
            // Generous: the gateway asks every service for its readiness, and a busy laptop answers slowly.
            HttpResponse<Void> health = client.send(HttpRequest.newBuilder(base.resolve(Gateway.HEALTH_PATH))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            if (health.statusCode() != 200) {
                throw new StackException("the platform at " + base + " is not ready (" + Gateway.HEALTH_PATH + " answered "
                        + health.statusCode() + "); wait for ./platform run to say it is up");
            }
        } catch (HttpTimeoutException e) {
            throw new StackException("the platform at " + base + " did not answer within 30 s", e);
        } catch (IOException e) {
            throw new StackException("no platform answers at " + base + ": start it with ./platform run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }

    /** Registers attendees a few at a time, answers in registration order; the first is Ada Lovelace. */
    private List<JsonNode> registerAttendees(String eventId) {
        List<Callable<JsonNode>> registrations = new ArrayList<>();
        for (int i = 0; i < REGISTRATIONS; i++) {
            // 10 first names x 10 offsets into the last names: 100 different names, the first ten real ones.
            String first = FIRST_NAMES.get(i % FIRST_NAMES.size());
            String last = LAST_NAMES.get((i % FIRST_NAMES.size() + i / FIRST_NAMES.size()) % LAST_NAMES.size());
            String email = (first + "." + last).toLowerCase() + "@example.org";
            ObjectNode registration = JSON.createObjectNode().put("name", first + " " + last).put("email", email);
            ObjectNode answers = registration.putObject("answers");
            answers.putArray("diet").add(List.of("none", "vegetarian", "vegan").get(i % 3));
            answers.putArray("terms").add("true");
            String key = "demo-" + i;
            registrations.add(() -> send("POST", "/api/registration/events/" + eventId + "/registrations", null,
                    registration, key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<JsonNode> answers = new ArrayList<>();
            // The first registration alone, so that Ada Lovelace is the oldest and checks in first.
            answers.add(registrations.get(0).call());
            for (Future<JsonNode> answer : pool.invokeAll(registrations.subList(1, registrations.size()))) {
                answers.add(answer.get());
            }
            return answers;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StackException stack ? stack : new StackException("registration failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        } catch (Exception e) {
            throw e instanceof StackException stack ? stack : new StackException("registration failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Uploads a small PDF through the materials API and publishes it; answers its id. */
    private String upload(String eventId, String organizer, String title, String visibility, String fileName) {
        byte[] pdf = ("%PDF-1.4\n% " + title + " of the demo event\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        String path = "/api/materials/events/" + eventId + "/materials?title="
                + URLEncoder.encode(title, StandardCharsets.UTF_8).replace("+", "%20")
                + "&visibility=" + visibility + "&fileName=" + fileName;
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + organizer).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build();
        String materialId = exchange(request).path("materialId").asText();
        send("POST", "/api/materials/events/" + eventId + "/materials/" + materialId + "/publish", organizer, null);
        return materialId;
    }

    private JsonNode send(String method, String path, String token, JsonNode body) {
        return send(method, path, token, body, null);
    }

    private JsonNode send(String method, String path, String token, JsonNode body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return exchange(request.build());
    }

    private JsonNode exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StackException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StackException(request.method() + " " + request.uri().getPath() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
