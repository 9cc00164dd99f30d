package io.eventplatform.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put DynamoDB Local's jars, the S3 server's jar and the mail server's jar (module stack-binaries).
 * Found through {@code -Dstack.lib.dir}, {@code STACK_LIB_DIR}, or by walking up from the
 * working directory to the repository.
 */
public record StackBinaries(Path dynamoDbLocalDir, Path s3ServerJar, Path mailServerJar) {

    public static StackBinaries locate() {
        Path libDir = configuredDir();
        Path dynamo = libDir.resolve("dynamodb-local");
        Path s3 = libDir.resolve("s3mock").resolve("s3mock.jar");
        Path mail = libDir.resolve("greenmail").resolve("greenmail-standalone.jar");
        if (!Files.isDirectory(dynamo) || !Files.isRegularFile(s3) || !Files.isRegularFile(mail)) {
            throw new StackException("The embedded stack's binaries are missing under " + libDir
                    + ". Build them first: ./mvnw -pl stack-binaries package");
        }
        return new StackBinaries(dynamo, s3, mail);
    }

    private static Path configuredDir() {
        String configured = System.getProperty("stack.lib.dir", System.getenv("STACK_LIB_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("stack-binaries/target/stack-lib");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("stack-binaries/target/stack-lib").toAbsolutePath();
    }
}
