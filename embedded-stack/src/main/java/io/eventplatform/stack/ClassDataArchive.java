package io.eventplatform.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Application class-data sharing for one child JVM (JDK 17 dynamic AppCDS). The first start of a
 * program writes the classes it loaded into the archive when it exits; later starts map the
 * archive instead of loading, parsing and verifying those classes again, which is most of a
 * JVM's start-up work. The archive's name carries a fingerprint of the program's jars and of the
 * JVM, so a rebuild or another JDK gets a new archive instead of one the JVM would refuse.
 */
public record ClassDataArchive(Path file) {

    /**
     * The archive for {@code program} running from {@code jars}, in {@code dir}; archives of the
     * same program for other jars (an earlier build) are deleted.
     */
    public static ClassDataArchive of(Path dir, String program, List<Path> jars) {
        String prefix = program + "-";
        Path file = dir.resolve(prefix + fingerprint(jars) + ".jsa");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> archives = Files.list(dir)) {
                for (Path stale : archives.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".jsa") && !p.equals(file)).toList()) {
                    Files.deleteIfExists(stale);
                }
            }
        } catch (IOException e) {
            throw new StackException("could not prepare " + dir + ": " + e.getMessage(), e);
        }
        return new ClassDataArchive(file);
    }

    /** Every jar under {@code dir}, for programs that run from a directory of jars. */
    public static List<Path> jarsUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new StackException("could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JVM options that map the archive, or that write it at exit when there is none yet.
     * CDS's own warnings (classes it skips) stay out of the program's log.
     */
    public List<String> jvmOptions() {
        String use = Files.isRegularFile(file) ? "-XX:SharedArchiveFile=" : "-XX:ArchiveClassesAtExit=";
        return List.of(use + file, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Paths, sizes and modification times of the jars, and the JVM that will map the archive. */
    static String fingerprint(List<Path> jars) {
        StringBuilder identity = new StringBuilder(System.getProperty("java.home"))
                .append(System.getProperty("java.vm.version"));
        for (Path jar : jars) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
                identity.append(jar.toAbsolutePath()).append(attributes.size()).append(attributes.lastModifiedTime());
            } catch (IOException e) {
                throw new StackException("could not read " + jar + ": " + e.getMessage(), e);
            }
        }
        return Integer.toHexString(identity.toString().hashCode());
    }
}
