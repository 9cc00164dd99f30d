package io.eventplatform.registration.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.item.RegistrationItem;
import io.eventplatform.shared.item.RegistrationStatus;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketConfig;
import io.eventplatform.shared.ticket.TicketToken;
import io.eventplatform.stack.KeyPairFiles;

class TicketSignerTests {

    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final Instant EVENT_ENDS = NOW.plus(Duration.ofDays(2));

    private static TicketConfig config(List<String> publicLocations, Optional<String> location, Optional<String> inline) {
        return new TicketConfig() {
            @Override
            public List<String> publicKeyLocation() {
                return publicLocations;
            }

            @Override
            public Optional<String> publicKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> privateKeyLocation() {
                return location;
            }

            @Override
            public Optional<String> privateKey() {
                return inline;
            }

            @Override
            public Duration expiryGrace() {
                return Duration.ofHours(6);
            }
        };
    }

    private static RegistrationItem registration(long ticketVersion) {
        return new RegistrationItem("registration-1", "event-1", "Ada", "ada@example.org", RegistrationStatus.CONFIRMED,
                NOW, Map.of(), null, null, false, 1, ticketVersion, null);
    }

    private static Map<String, PublicKey> byId(PublicKey key) {
        return Map.of(TicketCodec.keyId(key), key);
    }

    @Test
    void withoutASigningKeyTheServiceRefusesToStartNamingBothVariables() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new TicketSigner(config(List.of("unused"), Optional.empty(), Optional.empty()), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY_LOCATION"));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY "));
    }

    @Test
    void anInlineBase64KeyFromSsmSignsTicketsThePublicKeyVerifies() throws Exception {
        KeyPairFiles keys = KeyPairFiles.tickets(Files.createTempDirectory("ticket-keys"));
        String singleLine = Base64.getEncoder().encodeToString(keys.keyPair().getPrivate().getEncoded());
        TicketConfig config = config(List.of(keys.publicKeyFile().toString()), Optional.empty(), Optional.of(singleLine));

        String token = new TicketSigner(config, Clock.fixed(NOW, ZoneOffset.UTC)).sign(registration(3), EVENT_ENDS);

        TicketToken ticket = TicketCodec.verify(token, byId(keys.keyPair().getPublic()));
        assertEquals(new TicketToken("registration-1", "event-1", 3, NOW, EVENT_ENDS.plus(Duration.ofHours(6))), ticket,
                "the registration's ticket version, and exp = event end + grace");
    }

    @Test
    void duringARotationTheSignerNamesItsOwnKeyAmongSeveral() throws Exception {
        KeyPairFiles old = KeyPairFiles.tickets(Files.createTempDirectory("old-ticket-keys"));
        KeyPairFiles current = KeyPairFiles.tickets(Files.createTempDirectory("new-ticket-keys"));
        TicketConfig config = config(List.of(old.publicKeyFile().toString(), current.publicKeyFile().toUri().toString()),
                Optional.of(current.privateKeyFile().toString()), Optional.empty());

        String token = new TicketSigner(config, Clock.systemUTC()).sign(registration(1), Instant.now().plusSeconds(3600));

        assertEquals("registration-1", TicketCodec.verify(token, byId(current.keyPair().getPublic())).registrationId());
    }

    @Test
    void aSigningKeyThatNoVerifierHoldsIsAClearStartupError() throws Exception {
        KeyPairFiles verifying = KeyPairFiles.tickets(Files.createTempDirectory("verifying-keys"));
        KeyPairFiles signing = KeyPairFiles.tickets(Files.createTempDirectory("signing-keys"));
        TicketConfig config = config(List.of(verifying.publicKeyFile().toString()),
                Optional.of(signing.privateKeyFile().toString()), Optional.empty());

        var failure = assertThrows(IllegalStateException.class, () -> new TicketSigner(config, Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("TICKET_PUBLIC_KEY_LOCATION"), failure.getMessage());
    }

    @Test
    void aGarbledInlineKeyIsAClearStartupError() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new TicketSigner(config(List.of("unused"), Optional.empty(), Optional.of("not-a-key")), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY"));
    }
}
