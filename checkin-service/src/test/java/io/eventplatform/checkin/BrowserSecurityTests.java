package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * What browsers are held to: CORS only for the configured app origins (the local default: the
 * gateway's http://localhost:8080), socket upgrades refused from foreign origins, and the pages'
 * security headers.
 */
@QuarkusTest
@TestProfile(HostileClientProfile.class)
@QuarkusTestResource(StackTestResource.class)
class BrowserSecurityTests {

    private static final String APP_ORIGIN = "http://localhost:8080";
    private static final String FOREIGN_ORIGIN = "https://evil.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void preflightFromTheAppOriginIsAllowedAndFromAForeignOneRefused() throws Exception {
        HttpResponse<String> allowed = send("OPTIONS", "/api/checkin/events/evt-1/scans", APP_ORIGIN, true);
        assertEquals(200, allowed.statusCode());
        assertEquals(APP_ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        HttpResponse<String> foreign = send("OPTIONS", "/api/checkin/events/evt-1/scans", FOREIGN_ORIGIN, true);
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        // A cross-origin request from a foreign page is refused outright; the app's is granted.
        HttpResponse<String> foreignRead = send("GET", "/api/checkin/ticket-keys", FOREIGN_ORIGIN, false);
        assertEquals(403, foreignRead.statusCode());
        assertTrue(foreignRead.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> appRead = send("GET", "/api/checkin/ticket-keys", APP_ORIGIN, false);
        assertEquals(200, appRead.statusCode());
        assertEquals(APP_ORIGIN, appRead.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        // Same-origin and native clients (no Origin) are not CORS requests at all.
        assertEquals(200, send("GET", "/api/checkin/ticket-keys", null, false).statusCode());
    }

    /** Plain JDK requests: a CORS refusal is not an API answer the OpenAPI document describes. */
    private static HttpResponse<String> send(String method, String path, String origin, boolean preflight)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (preflight) {
            request.header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void socketUpgradesFromAForeignOriginAreRefusedWith403() {
        String eventId = Fixtures.event("Origins");
        String kiosk = Fixtures.kioskToken(eventId, "north");
        String staff = Fixtures.staffToken();
        URI kioskSocket = SocketTestSupport.kiosk(eventId);
        URI dashboardSocket = SocketTestSupport.dashboard(eventId);
        assertEquals(403, upgrade(kioskSocket, kiosk, FOREIGN_ORIGIN));
        assertEquals(403, upgrade(dashboardSocket, staff, FOREIGN_ORIGIN));
        assertEquals(403, upgrade(dashboardSocket, staff, "null"));
        // The app origin, the page's own origin (served by this service) and native clients (no Origin) connect.
        assertEquals(101, upgrade(kioskSocket, kiosk, APP_ORIGIN));
        assertEquals(101, upgrade(dashboardSocket, staff, APP_ORIGIN));
        assertEquals(101, upgrade(dashboardSocket, staff, "http://localhost:" + RestAssured.port));
        assertEquals(101, upgrade(kioskSocket, kiosk, null));
        assertEquals(101, upgrade(dashboardSocket, staff, null));
    }

    @Test
    void dashboardAndKioskPagesCarryTheSecurityHeaders() {
        for (String page : new String[] { "/dashboard/", "/kiosk/", "/kiosk/kiosk.js", "/kiosk/sw.js" }) {
            given().get(page).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("script-src 'self';"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    // Plain HTTP here: no HSTS, which would pin localhost to HTTPS.
                    .header("Strict-Transport-Security", nullValue());
        }
        // Behind the ALB or CloudFront, over TLS.
        given().header("X-Forwarded-Proto", "https").get("/dashboard/").then().statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age="));
        given().header("X-Forwarded-Proto", "https").get("/kiosk/").then().statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age="));
    }

    /** 101 when the socket opened (then closed again), else the refusal's status. */
    private static int upgrade(URI uri, String bearer, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + bearer);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
            }).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }
}
