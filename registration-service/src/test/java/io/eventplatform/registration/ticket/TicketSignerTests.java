package io.eventplatform.registration.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketConfig;
import io.eventplatform.stack.KeyPairFiles;

class TicketSignerTests {

    private static TicketConfig config(Optional<String> location, Optional<String> inline) {
        return new TicketConfig() {
            @Override
            public String publicKeyLocation() {
                return "unused";
            }

            @Override
            public Optional<String> privateKeyLocation() {
                return location;
            }

            @Override
            public Optional<String> privateKey() {
                return inline;
            }
        };
    }

    @Test
    void withoutASigningKeyTheServiceRefusesToStartNamingBothVariables() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new TicketSigner(config(Optional.empty(), Optional.empty()), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY_LOCATION"));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY "));
    }

    @Test
    void anInlineBase64KeyFromSsmSignsTicketsThePublicKeyVerifies() throws Exception {
        KeyPairFiles keys = KeyPairFiles.tickets(Files.createTempDirectory("ticket-keys"));
        String singleLine = Base64.getEncoder().encodeToString(keys.keyPair().getPrivate().getEncoded());

        String token = new TicketSigner(config(Optional.empty(), Optional.of(singleLine)), Clock.systemUTC())
                .sign("registration-1", "event-1");

        assertEquals("registration-1", TicketCodec.verify(token, keys.keyPair().getPublic()).registrationId());
    }

    @Test
    void aGarbledInlineKeyIsAClearStartupError() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new TicketSigner(config(Optional.empty(), Optional.of("not-a-key")), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("TICKET_PRIVATE_KEY"));
    }
}
