package io.eventplatform.shared.ticket;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Reads the EC ticket keys: inline (one line of base64 DER, PEM text — how an SSM SecureString
 * hands a key over — or, for public keys, a JWKS), or at file paths, {@code file:} or
 * {@code http(s):} locations. The inline value wins over the location.
 */
public final class TicketKeys {

    private static final Pattern PEM_PUBLIC_KEY = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", Pattern.DOTALL);

    private TicketKeys() {
    }

    /**
     * The keys that verify tickets ({@code TICKET_PUBLIC_KEY} or {@code TICKET_PUBLIC_KEY_LOCATION}),
     * in configured order; several during a key rotation.
     */
    public static List<PublicKey> publicKeys(TicketConfig config) {
        List<PublicKey> keys = new ArrayList<>();
        config.publicKey().ifPresentOrElse(
                inline -> keys.addAll(parsePublic(inline, "TICKET_PUBLIC_KEY (ticket.public-key)")),
                () -> config.publicKeyLocation().forEach(location -> keys.addAll(parsePublic(read(location), location))));
        if (keys.isEmpty()) {
            throw new IllegalStateException("No ticket verification key: set TICKET_PUBLIC_KEY_LOCATION "
                    + "(ticket.public-key-location) or TICKET_PUBLIC_KEY (ticket.public-key)");
        }
        return List.copyOf(keys);
    }

    /** The key that signs tickets ({@code TICKET_PRIVATE_KEY} or {@code TICKET_PRIVATE_KEY_LOCATION}). */
    public static PrivateKey privateKey(TicketConfig config) {
        byte[] der = config.privateKey().map(inline -> decode(inline, "TICKET_PRIVATE_KEY (ticket.private-key)"))
                .orElseGet(() -> {
                    String location = config.privateKeyLocation().orElseThrow(() -> new IllegalStateException(
                            "No ticket signing key: set TICKET_PRIVATE_KEY_LOCATION (ticket.private-key-location) to a "
                                    + "PEM file or TICKET_PRIVATE_KEY (ticket.private-key) to the base64 PKCS#8 key"));
                    return decode(read(location), location);
                });
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ticket private key is not a PKCS#8 EC key", e);
        }
    }

    /**
     * The one of {@code candidates} that pairs with {@code privateKey}, found by signing a probe:
     * tickets name it as their {@code kid}, and a signing key that no verifier holds would mint
     * tickets nobody accepts, so that is a startup error.
     */
    public static PublicKey publicKeyOf(PrivateKey privateKey, List<PublicKey> candidates) {
        try {
            byte[] probe = "ticket-key-probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            for (PublicKey candidate : candidates) {
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(candidate);
                verifier.update(probe);
                if (verifier.verify(signature)) {
                    return candidate;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ticket keys are not EC P-256 keys", e);
        }
        throw new IllegalStateException("The ticket signing key's public key is not among the verification keys "
                + "(TICKET_PUBLIC_KEY_LOCATION / TICKET_PUBLIC_KEY): nobody could verify the tickets it signs");
    }

    private static List<PublicKey> parsePublic(String text, String source) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return fromJwks(trimmed, source);
        }
        List<String> blocks = new ArrayList<>();
        Matcher pem = PEM_PUBLIC_KEY.matcher(trimmed);
        while (pem.find()) {
            blocks.add(pem.group(1));
        }
        if (blocks.isEmpty()) {
            blocks.add(trimmed);
        }
        List<PublicKey> keys = new ArrayList<>();
        for (String block : blocks) {
            try {
                keys.add(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(block, source))));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the ticket public key in " + source + " is not an X.509 EC key", e);
            }
        }
        return keys;
    }

    private static List<PublicKey> fromJwks(String json, String source) {
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
                if (!(jwk instanceof PublicJsonWebKey ec) || !"EC".equals(jwk.getKeyType())) {
                    throw new IllegalStateException(source + " holds a key that is not an EC public key");
                }
                keys.add(ec.getPublicKey());
            }
            return keys;
        } catch (JoseException e) {
            throw new IllegalStateException(source + " is not a valid JWKS", e);
        }
    }

    private static byte[] decode(String pemOrBase64, String source) {
        try {
            return Base64.getDecoder().decode(pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64 or PEM", e);
        }
    }

    private static String read(String location) {
        try {
            String trimmed = location.strip();
            if (trimmed.startsWith("file:") || trimmed.startsWith("http:") || trimmed.startsWith("https:")) {
                try (InputStream in = URI.create(trimmed).toURL().openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(trimmed), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read ticket key at " + location, e);
        }
    }
}
