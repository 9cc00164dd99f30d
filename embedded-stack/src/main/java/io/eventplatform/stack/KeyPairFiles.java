package io.eventplatform.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A key pair of the local stack as PEM files, made once per data directory and kept so that
 * tokens and tickets survive restarts: the RSA pair that signs caller JWTs (Cognito's role in
 * AWS; services verify with {@code mp.jwt.verify.publickey.location}) and the EC P-256 pair that
 * signs ticket tokens ({@code ticket.*-key-location}).
 */
public record KeyPairFiles(Path privateKeyFile, Path publicKeyFile, KeyPair keyPair) {

    /** The caller-JWT pair in {@code dir}: {@code jwt-private.pem}, {@code jwt-public.pem}. */
    public static KeyPairFiles jwt(Path dir) {
        return loadOrCreate(dir, "jwt", "RSA");
    }

    /** The ticket pair in {@code dir}: {@code ticket-private.pem}, {@code ticket-public.pem}. */
    public static KeyPairFiles tickets(Path dir) {
        return loadOrCreate(dir, "ticket", "EC");
    }

    private static KeyPairFiles loadOrCreate(Path dir, String name, String algorithm) {
        Path privateFile = dir.resolve(name + "-private.pem");
        Path publicFile = dir.resolve(name + "-public.pem");
        try {
            if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
                return new KeyPairFiles(privateFile, publicFile, new KeyPair(
                        readPublic(publicFile, algorithm), readPrivate(privateFile, algorithm)));
            }
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
            setOwnerOnly(privateFile);
            write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
            return new KeyPairFiles(privateFile, publicFile, pair);
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("could not make or read the " + name + " keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String kind, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + kind + "-----\n" + body + "\n-----END " + kind + "-----\n");
    }

    private static void setOwnerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the file keeps its default permissions.
        }
    }

    private static byte[] der(Path file) throws IOException {
        String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(pem);
    }

    private static PrivateKey readPrivate(Path file, String algorithm) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(file)));
    }

    private static PublicKey readPublic(Path file, String algorithm) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der(file)));
    }
}
