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

/** Reads the EC ticket keys from PEM at a file path, {@code file:} or {@code http(s):} location. */
public final class TicketKeys {

    private TicketKeys() {
    }

    public static PublicKey publicKey(String location) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(location)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an EC public key: " + location, e);
        }
    }

    public static PrivateKey privateKey(String location) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(location)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an EC private key: " + location, e);
        }
    }

    private static byte[] der(String location) {
        String pem = read(location).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
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
