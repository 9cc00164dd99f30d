package io.eventplatform.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketToken;

class TicketCodecTest {

    private final KeyPair keys = ecKeys();
    private final TicketToken ticket = new TicketToken("r-0123456789abcdef", "e-42", Instant.ofEpochSecond(1795300000));

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signedTicketVerifiesAndIsCompact() {
        String token = TicketCodec.sign(ticket, keys.getPrivate());
        assertEquals(ticket, TicketCodec.verify(token, keys.getPublic()));
        assertTrue(token.length() < 300, "fits a small QR code: " + token.length());
    }

    @Test
    void tamperedTicketIsRejected() {
        String token = TicketCodec.sign(ticket, keys.getPrivate());
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("e-42", "e-43");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(tampered, keys.getPublic()));
    }

    @Test
    void ticketOfAnotherKeyIsRejected() {
        String foreign = TicketCodec.sign(ticket, ecKeys().getPrivate());
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(foreign, keys.getPublic()));
    }

    @Test
    void garbageIsRejected() {
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify("not-a-ticket", keys.getPublic()));
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify("", keys.getPublic()));
    }
}
