package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The {@code ?access_token=} of browsers' sockets ends up nowhere: not in the access log (on in
 * this profile), not in the service log at DEBUG, not in the metrics' tags.
 */
@QuarkusTest
@TestProfile(HostileClientProfile.class)
@QuarkusTestResource(StackTestResource.class)
class TokenMaskingTests {

    @Test
    void accessTokenInTheQueryStringIsInNoLogAndNoMetric() throws Exception {
        String eventId = Fixtures.event("Masking");
        String staff = Fixtures.staffToken();
        String kiosk = Fixtures.kioskToken(eventId, "north");
        try (SocketClient dashboard = SocketClient.open(URI.create(SocketTestSupport.dashboard(eventId)
                + "?access_token=" + staff), null);
                SocketClient kioskByQuery = SocketClient.open(URI.create(SocketTestSupport.kiosk(eventId)
                        + "?access_token=" + kiosk), null)) {
            dashboard.next(type("snapshot"), Duration.ofSeconds(10));
            kioskByQuery.next(type("welcome"), Duration.ofSeconds(10));
        }
        // A forged token is refused, and its refusal logged at DEBUG: without the token.
        String[] parts = staff.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("staff", "organizer")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(401, SocketClient.refusal(URI.create(SocketTestSupport.dashboard(eventId) + "?access_token=" + forged),
                null));
        assertEquals(401, SocketClient.refusal(URI.create(SocketTestSupport.kiosk(eventId) + "?access_token=" + forged),
                null));

        Path accessLog = Path.of(HostileClientProfile.ACCESS_LOG);
        // The access log is written asynchronously: wait for this test's lines.
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(accessLog)
                && Files.readString(accessLog).contains("/ws/checkin/kiosk/" + eventId));
        String access = Files.readString(accessLog);
        assertTrue(access.contains("/ws/checkin/dashboard/" + eventId), "the dashboard upgrades are logged");
        String service = Files.readString(Path.of(HostileClientProfile.SERVICE_LOG));
        assertTrue(service.contains("socket upgrade with an invalid token refused"), "the refusals are logged (masked)");
        String metrics = given().port(StackTestResource.managementPort()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(metrics.contains("http_server_requests"), "HTTP server metrics are on");
        for (String secret : List.of(staff, kiosk, forged, parts[1], parts[2], kiosk.split("\\.")[2])) {
            assertFalse(access.contains(secret), "access log holds a token part:\n" + access);
            assertFalse(service.contains(secret), "service log holds a token part");
            assertFalse(metrics.contains(secret), "metrics hold a token part");
        }
        // The file outlives a run: judge the query strings of this test's lines (its tokens are fresh anyway).
        access.lines().filter(line -> line.contains(eventId)).forEach(line ->
                assertFalse(line.contains("access_token"), "access log holds the query string: " + line));
        assertFalse(metrics.contains("access_token"), "metrics hold the query string");
    }
}
