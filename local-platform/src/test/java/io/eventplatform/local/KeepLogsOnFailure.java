package io.eventplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Keeps the child processes' logs of a failed platform test under {@code target/}: the platform's
 * data directory (logs included) is wiped after the class, and a failure seen only on a loaded
 * CI machine cannot be diagnosed without them. Register it, and call {@link #keep} before wiping.
 */
final class KeepLogsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {

    private final Path target;
    private volatile boolean failed;

    KeepLogsOnFailure(Path target) {
        this.target = target.toAbsolutePath();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        failed = true;
        throw throwable;
    }

    /** Copies {@code logDir} to the target directory if a test (or the set-up) failed. */
    void keep(Path logDir) {
        if (!failed || logDir == null || !Files.isDirectory(logDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(logDir)) {
            for (Path file : files.filter(file -> file.getFileName().toString().endsWith(".log")).toList()) {
                Path copy = target.resolve(logDir.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            System.err.println("platform logs kept in " + target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
