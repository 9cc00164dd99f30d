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
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the EC ticket keys: inline (one line of base64 DER, or PEM text — how an SSM
 * SecureString hands a key over), or PEM at a file path, {@code file:} or {@code http(s):} location.
 * The inline value wins over the location.
 */
public final class TicketKeys {

    private TicketKeys() {
    }

    /** The key that verifies tickets ({@code TICKET_PUBLIC_KEY} or {@code TICKET_PUBLIC_KEY_LOCATION}). */
    public static PublicKey publicKey(TicketConfig config) {
        byte[] der = config.publicKey().map(inline -> decode(inline, "TICKET_PUBLIC_KEY (ticket.public-key)"))
                .orElseGet(() -> der(config.publicKeyLocation()));
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ticket public key is not an X.509 EC key", e);
        }
    }

    /** The key that signs tickets ({@code TICKET_PRIVATE_KEY} or {@code TICKET_PRIVATE_KEY_LOCATION}). */
    public static PrivateKey privateKey(TicketConfig config) {
        byte[] der = config.privateKey().map(inline -> decode(inline, "TICKET_PRIVATE_KEY (ticket.private-key)"))
                .orElseGet(() -> der(config.privateKeyLocation().orElseThrow(() -> new IllegalStateException(
                        "No ticket signing key: set TICKET_PRIVATE_KEY_LOCATION (ticket.private-key-location) to a "
                                + "PEM file or TICKET_PRIVATE_KEY (ticket.private-key) to the base64 PKCS#8 key"))));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ticket private key is not a PKCS#8 EC key", e);
        }
    }

    private static byte[] der(String location) {
        return decode(read(location), location);
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
            if (location.startsWith("file:") || location.startsWith("http:") || location.startsWith("https:")) {
                try (InputStream in = URI.create(location).toURL().openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read ticket key at " + location, e);
        }
    }
}
