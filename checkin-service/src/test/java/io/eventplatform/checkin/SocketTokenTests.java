package io.eventplatform.checkin;

import static io.eventplatform.checkin.SocketClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.StackTestResource;
import io.eventplatform.stack.TokenMinter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A socket lives no longer than its token, and only this platform's app clients' tokens open one. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class SocketTokenTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LIFETIME = Duration.ofSeconds(3);

    private static String token(String role, String eventId, Duration lifetime) {
        return StackTestResource.stack().tokens().mint(TokenMinter.TokenRequest.forRole(role, eventId)
                .withGate(Roles.KIOSK.equals(role) ? "north" : null).withLifetime(lifetime));
    }

    @Test
    void kioskAndDashboardSocketsAreClosedWith1008WhenTheirTokensExpire() throws Exception {
        String eventId = Fixtures.event("Expiry");
        Instant opened = Instant.now();
        try (SocketClient kiosk = SocketClient.open(SocketTestSupport.kiosk(eventId),
                token(Roles.KIOSK, eventId, LIFETIME));
                SocketClient dashboard = SocketClient.open(SocketTestSupport.dashboard(eventId),
                        token(Roles.STAFF, null, LIFETIME));
                SocketClient longLived = SocketClient.open(SocketTestSupport.dashboard(eventId),
                        token(Roles.STAFF, null, Duration.ofHours(1)))) {
            kiosk.next(type("welcome"), WAIT);
            dashboard.next(type("snapshot"), WAIT);
            longLived.next(type("snapshot"), WAIT);
            assertEquals(1008, kiosk.closed.get(LIFETIME.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1008, dashboard.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            // Tokens carry whole seconds: not before the expiry (less a second), and well before pings would end it.
            assertTrue(Duration.between(opened, Instant.now()).compareTo(LIFETIME.minusSeconds(1)) >= 0);
            assertTrue(!longLived.closed.isDone(), "a socket whose token is still valid stays open");
        }
    }

    @Test
    void socketsRefuseTokensOfAnotherAppClient() {
        String eventId = Fixtures.event("Audience");
        var kiosk = TokenMinter.TokenRequest.forRole(Roles.KIOSK, eventId);
        var staff = TokenMinter.TokenRequest.forRole(Roles.STAFF, null);
        var tokens = StackTestResource.stack().tokens();
        assertEquals(401, SocketClient.refusal(SocketTestSupport.kiosk(eventId),
                tokens.mint(kiosk.withAudience("another-app"))));
        assertEquals(401, SocketClient.refusal(SocketTestSupport.dashboard(eventId),
                tokens.mint(staff.withAudience("another-app"))));
        assertEquals(401, SocketClient.refusal(SocketTestSupport.dashboard(eventId),
                tokens.mint(staff.asAccessTokenOf("another-app"))));
        // A Cognito access token of an accepted app client: no aud, client_id and token_use instead.
        assertEquals(-1, SocketClient.refusal(SocketTestSupport.dashboard(eventId),
                tokens.mint(staff.asAccessTokenOf(TokenMinter.AUDIENCE))));
    }
}
