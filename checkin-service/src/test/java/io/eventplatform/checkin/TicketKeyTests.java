package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A kiosk that fetched the ticket key once verifies tickets offline, and still refuses forgeries. */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
class TicketKeyTests {

    private static PublicJsonWebKey fetchedKey() throws Exception {
        String body = given().when().get("/api/checkin/ticket-keys").then().statusCode(200)
                .contentType("application/jwk-set+json").header("Cache-Control", org.hamcrest.Matchers.containsString("max-age=3600"))
                .extract().asString();
        var keys = new JsonWebKeySet(body).getJsonWebKeys();
        assertEquals(1, keys.size());
        assertEquals("ES256", keys.get(0).getAlgorithm());
        return (PublicJsonWebKey) keys.get(0);
    }

    @Test
    void aKioskVerifiesATicketOfflineWithThePublishedKey() throws Exception {
        String eventId = Fixtures.event("Offline");
        RegistrationItem ada = Fixtures.register(eventId, "Ada Lovelace");
        PublicJsonWebKey key = fetchedKey();
        var ticket = TicketCodec.verify(Fixtures.ticket(ada), java.util.Map.of(key.getKeyId(), key.getPublicKey()));
        assertEquals(ada.registrationId(), ticket.registrationId());
        assertEquals(eventId, ticket.eventId());
    }

    @Test
    void theKeyDoesNotVerifyAnAlteredTicket() throws Exception {
        String eventId = Fixtures.event("Forged");
        String[] parts = Fixtures.ticket(Fixtures.register(eventId, "Mallory")).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace(eventId, "evt-other");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        PublicJsonWebKey key = fetchedKey();
        var keys = java.util.Map.of(key.getKeyId(), key.getPublicKey());
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(forged, keys));
    }

    @Test
    void theKeyIsTheStacksTicketKey() throws Exception {
        assertEquals(StackTestResource.stack().ticketKeys().keyPair().getPublic(), fetchedKey().getPublicKey());
    }
}
