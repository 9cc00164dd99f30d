package io.eventplatform.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.shared.ticket.InvalidTicketException;
import io.eventplatform.shared.ticket.TicketCodec;
import io.eventplatform.shared.ticket.TicketConfig;
import io.eventplatform.shared.ticket.TicketKeys;
import io.eventplatform.shared.ticket.TicketToken;

class TicketCodecTest {

    private final KeyPair keys = ecKeys();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final TicketToken ticket = new TicketToken("r-0123456789abcdef", "e-42", 1, now, now.plus(Duration.ofDays(2)));

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(TicketToken ticket, KeyPair keys) {
        return TicketCodec.sign(ticket, keys.getPrivate(), TicketCodec.keyId(keys.getPublic()));
    }

    private static Map<String, PublicKey> byId(KeyPair... pairs) {
        Map<String, PublicKey> byId = new java.util.HashMap<>();
        for (KeyPair pair : pairs) {
            byId.put(TicketCodec.keyId(pair.getPublic()), pair.getPublic());
        }
        return byId;
    }

    @Test
    void signedTicketVerifiesAndIsCompact() throws Exception {
        String token = sign(ticket, keys);
        assertEquals(ticket, TicketCodec.verify(token, byId(keys)));
        assertTrue(token.length() < 400, "fits a small QR code: " + token.length());
        JsonWebSignature jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(token);
        assertEquals(TicketCodec.keyId(keys.getPublic()), jws.getKeyIdHeaderValue(), "kid is the key's thumbprint");
    }

    @Test
    void tamperedTicketIsRejected() {
        String token = sign(ticket, keys);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("e-42", "e-43");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(tampered, byId(keys)));
    }

    @Test
    void ticketOfAnotherKeyIsRejected() {
        String foreign = sign(ticket, ecKeys());
        var refused = assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(foreign, byId(keys)));
        assertEquals(InvalidTicketException.TYPE, refused.type());
    }

    @Test
    void aTicketClaimingAKnownKidButSignedByAnotherKeyIsRejected() {
        KeyPair other = ecKeys();
        String forged = TicketCodec.sign(ticket, other.getPrivate(), TicketCodec.keyId(keys.getPublic()));
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(forged, byId(keys)));
    }

    @Test
    void anExpiredTicketIsRefusedAsExpired() {
        TicketToken past = new TicketToken("r-1", "e-42", 1, now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(1)));
        var refused = assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(sign(past, keys), byId(keys)));
        assertEquals(InvalidTicketException.EXPIRED, refused.type());
        assertEquals(401, refused.status());
    }

    @Test
    void anExpiredForgeryIsInvalidNotExpired() {
        TicketToken past = new TicketToken("r-1", "e-42", 1, now.minus(Duration.ofDays(3)), now.minus(Duration.ofHours(1)));
        String forged = TicketCodec.sign(past, ecKeys().getPrivate(), TicketCodec.keyId(keys.getPublic()));
        assertEquals(InvalidTicketException.TYPE,
                assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(forged, byId(keys))).type());
    }

    @Test
    void aTicketMintedBeforeKidsVersionsAndExpiryIsRefused() throws Exception {
        // Exactly what the codec signed before: no kid header, no ver, no exp.
        var claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer("event-platform/tickets");
        claims.setSubject("r-1");
        claims.setClaim("evt", "e-42");
        claims.setIssuedAtToNow();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue("ES256");
        String legacy = jws.getCompactSerialization();
        assertEquals(InvalidTicketException.TYPE,
                assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(legacy, byId(keys))).type());
    }

    @Test
    void duringARotationTicketsOfTheOldAndTheNewKeyVerify() {
        KeyPair old = ecKeys();
        Map<String, PublicKey> both = byId(old, keys);
        assertEquals(ticket, TicketCodec.verify(sign(ticket, old), both));
        assertEquals(ticket, TicketCodec.verify(sign(ticket, keys), both));
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify(sign(ticket, old), byId(keys)),
                "once the old key is retired, its tickets are refused");
    }

    @Test
    void theJwksListsEveryKeyWithItsKid() throws Exception {
        KeyPair old = ecKeys();
        String json = new ObjectMapper().writeValueAsString(TicketCodec.jwks(List.of(keys.getPublic(), old.getPublic())));
        var published = new JsonWebKeySet(json).getJsonWebKeys();
        assertEquals(List.of(TicketCodec.keyId(keys.getPublic()), TicketCodec.keyId(old.getPublic())),
                published.stream().map(k -> k.getKeyId()).toList());
        assertTrue(published.stream().allMatch(k -> "ES256".equals(k.getAlgorithm())));
    }

    @Test
    void verificationKeysComeFromACommaSeparatedListOfPemAndJwksFiles() throws Exception {
        KeyPair old = ecKeys();
        KeyPair next = ecKeys();
        Path dir = Files.createTempDirectory("ticket-keys");
        Path pem = dir.resolve("current.pem");
        Files.writeString(pem, pem(keys.getPublic()) + pem(old.getPublic()));
        Path jwks = dir.resolve("next.jwks");
        Files.writeString(jwks, new ObjectMapper().writeValueAsString(TicketCodec.jwks(List.of(next.getPublic()))));

        List<PublicKey> read = TicketKeys.publicKeys(config(List.of(pem.toUri().toString(), jwks.toString()), Optional.empty()));

        assertEquals(List.of(keys.getPublic(), old.getPublic(), next.getPublic()), read);
        assertEquals(keys.getPublic(), TicketKeys.publicKeyOf(keys.getPrivate(), read));
        assertEquals(next.getPublic(), TicketKeys.publicKeyOf(next.getPrivate(), read));
        var unpaired = assertThrows(IllegalStateException.class,
                () -> TicketKeys.publicKeyOf(ecKeys().getPrivate(), read));
        assertTrue(unpaired.getMessage().contains("TICKET_PUBLIC_KEY_LOCATION"));
    }

    @Test
    void anInlineSingleLineKeyStillWorks() {
        String inline = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        assertEquals(List.of(keys.getPublic()), TicketKeys.publicKeys(config(List.of("unused"), Optional.of(inline))));
    }

    @Test
    void garbageIsRejected() {
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify("not-a-ticket", byId(keys)));
        assertThrows(InvalidTicketException.class, () -> TicketCodec.verify("", byId(keys)));
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static TicketConfig config(List<String> locations, Optional<String> inline) {
        return new TicketConfig() {
            @Override
            public List<String> publicKeyLocation() {
                return locations;
            }

            @Override
            public Optional<String> publicKey() {
                return inline;
            }

            @Override
            public Optional<String> privateKeyLocation() {
                return Optional.empty();
            }

            @Override
            public Optional<String> privateKey() {
                return Optional.empty();
            }

            @Override
            public Duration expiryGrace() {
                return Duration.ofDays(1);
            }
        };
    }
}
