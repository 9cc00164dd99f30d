package io.eventplatform.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Adobe S3Mock as a child process on loopback: the S3 API with bucket versioning. */
final class S3Server {

    static final String NAME = "S3 server";

    private S3Server() {
    }

    /**
     * Starts it on {@code port}, keeping objects under {@code storeDir} across restarts. With a
     * class-data directory it runs from its extracted jars with an AppCDS archive.
     */
    static ChildProcess start(StackBinaries binaries, int port, Path storeDir, Path logDir, Path classDataDir) {
        Ports.requireFree(port, "S3 server");
        // The TLS port is unused but always bound: give it a free one so stacks can run side by side.
        int tlsPort = Ports.free();
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        Path jar = binaries.s3ServerJar();
        if (classDataDir != null) {
            jar = extracted(jar, classDataDir, logDir);
            jvm.addAll(ClassDataArchive.of(classDataDir, "s3mock", ClassDataArchive.jarsUnder(jar.getParent()))
                    .jvmOptions());
        }
        List<String> arguments = List.of("-jar", jar.toString(),
                "--server.port=" + tlsPort,
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + storeDir,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=true",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        ChildProcess process = ChildProcess.start(NAME, ChildProcess.java(jvm, arguments),
                Map.of(), logDir.resolve("s3.log"));
        Ports.awaitListening(port, Duration.ofSeconds(90), process);
        return process;
    }

    /**
     * The Spring Boot jar unpacked into plain jars once ({@code -Djarmode=tools extract}): CDS can
     * archive classes from jars on the class path, not from jars nested in a jar.
     */
    private static Path extracted(Path bootJar, Path classDataDir, Path logDir) {
        Path dir = classDataDir.resolve("s3mock-jars-" + ClassDataArchive.fingerprint(List.of(bootJar)));
        Path jar = dir.resolve(bootJar.getFileName());
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path partial = classDataDir.resolve(dir.getFileName() + ".partial");
        try {
            EmbeddedStack.wipe(partial);
            Process extract = new ProcessBuilder(ChildProcess.java(List.of("-Djarmode=tools"),
                    List.of("-jar", bootJar.toString(), "extract", "--destination", partial.toString())))
                    .redirectErrorStream(true).redirectOutput(logDir.resolve("s3-extract.log").toFile()).start();
            if (!extract.waitFor(60, TimeUnit.SECONDS) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new StackException("could not extract " + bootJar + "; see " + logDir.resolve("s3-extract.log"));
            }
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new StackException("could not extract " + bootJar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while extracting " + bootJar);
        }
    }
}
