package io.eventplatform.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * During a key rotation the service holds the retiring key and the new one: tickets of both
 * admit, the JWKS publishes both, and a ticket of any other key is refused.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@TestProfile(TicketKeyRotationTests.OldAndNewKey.class)
class TicketKeyRotationTests {

    /** The retiring key beside the stack's (new) one, both PEM blocks in one inline value. */
    public static class OldAndNewKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ticket.public-key", pem(oldKeys()) + pem(StackTestResource.stack().ticketKeys()));
        }
    }

    static KeyPairFiles oldKeys() {
        Path dir = StackTestResource.stack().options().dataDir().resolve("retiring-ticket-keys");
        return KeyPairFiles.tickets(dir);
    }

    private static String pem(KeyPairFiles keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.keyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static String ticket(RegistrationItem registration, KeyPairFiles keys) {
        Instant now = Instant.now();
        return Fixtures.ticket(new TicketToken(registration.registrationId(), registration.eventId(), 1, now,
                now.plus(Duration.ofDays(1))), keys.keyPair());
    }

    @Test
    void theJwksPublishesTheOldAndTheNewKey() throws Exception {
        String body = given().when().get("/api/checkin/ticket-keys").then().statusCode(200).extract().asString();
        List<String> kids = new JsonWebKeySet(body).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
        assertEquals(List.of(TicketCodec.keyId(oldKeys().keyPair().getPublic()),
                TicketCodec.keyId(StackTestResource.stack().ticketKeys().keyPair().getPublic())), kids);
    }

    @Test
    void ticketsOfTheOldAndTheNewKeyAdmitWhileBothAreConfigured() throws Exception {
        String eventId = Fixtures.event("Rotation");
        RegistrationItem signedBefore = Fixtures.register(eventId, "Ada Lovelace");
        RegistrationItem signedAfter = Fixtures.register(eventId, "Grace Hopper");
        RegistrationItem forged = Fixtures.register(eventId, "Mallory");
        KeyPairFiles unknown = KeyPairFiles.tickets(java.nio.file.Files.createTempDirectory("unknown-ticket-keys"));

        scan(eventId, ticket(signedBefore, oldKeys())).statusCode(200).body("outcome", equalTo("checked_in"));
        scan(eventId, ticket(signedAfter, StackTestResource.stack().ticketKeys())).statusCode(200)
                .body("outcome", equalTo("checked_in"));
        scan(eventId, ticket(forged, unknown)).statusCode(422)
                .body("type", equalTo("https://eventplatform.dev/problems/invalid-ticket"));
    }

    private static io.restassured.response.ValidatableResponse scan(String eventId, String ticket) {
        return given().auth().oauth2(Fixtures.staffToken()).contentType(ContentType.JSON).body(Map.of("ticket", ticket))
                .when().post("/api/checkin/events/{eventId}/scans", eventId).then();
    }
}
