package io.eventplatform.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}), run as a child process
 * from its own directory: the AppCDS archive that the build writes there
 * ({@code -Dquarkus.package.jar.appcds.enabled=true}, as {@code ./platform} builds) records the
 * class path relative to it, and saves the JVM most of its class loading at every start.
 */
public record QuarkusJar(Path jar) {

    private static final String ARCHIVE = "app-cds.jsa";

    public boolean hasClassDataArchive() {
        return Files.isRegularFile(jar.resolveSibling(ARCHIVE));
    }

    /** Starts it with {@code jvmOptions} (and the archive, if built), output appended to {@code logFile}. */
    public ChildProcess start(String name, List<String> jvmOptions, Path logFile) {
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (hasClassDataArchive()) {
            jvm.addAll(List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        return ChildProcess.start(name, ChildProcess.java(jvm, List.of("-jar", jar.getFileName().toString())),
                Map.of(), logFile.toAbsolutePath(), jar.toAbsolutePath().getParent());
    }
}
