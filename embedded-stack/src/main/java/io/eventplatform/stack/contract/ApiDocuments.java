package io.eventplatform.stack.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The checks on a service's OpenAPI document as a whole: Spectral's {@code oas} ruleset, and
 * openapi-diff against the released document in {@code docs/openapi/} (docs/api-versioning.md).
 */
public final class ApiDocuments {

    private ApiDocuments() {
    }

    /** The repository's root: the nearest directory above the working directory that has docs/openapi. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/openapi"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/openapi above " + Path.of("").toAbsolutePath());
    }

    /** The released document of a service, as committed: {@code docs/openapi/<service>.json}. */
    public static Path released(String service) {
        return repositoryRoot().resolve("docs/openapi").resolve(service + ".json");
    }

    /** The Spectral CLI that {@code contract-tools/} installs ({@code npm ci --prefix contract-tools}). */
    public static Path spectral() {
        return repositoryRoot().resolve("contract-tools/node_modules/.bin/spectral");
    }

    /**
     * Lints a document with Spectral's {@code oas} ruleset; an error, a warning, an info or a hint all
     * count.
     *
     * @return Spectral's report, or {@code null} when the document lints clean
     */
    public static String spectralFindings(String document, Path workDir) throws IOException, InterruptedException {
        Path file = workDir.resolve("openapi.json");
        Files.createDirectories(workDir);
        Files.writeString(file, document);
        Path log = workDir.resolve("spectral.txt");
        Process spectral = new ProcessBuilder(spectral().toString(), "lint", "--fail-severity", "hint",
                "--ruleset", repositoryRoot().resolve("contract-tools/.spectral.yaml").toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!spectral.waitFor(2, TimeUnit.MINUTES)) {
            spectral.destroyForcibly();
            throw new IllegalStateException("spectral did not finish within 2 minutes");
        }
        return spectral.exitValue() == 0 ? null : Files.readString(log);
    }

    /**
     * Compares a live document with a released one.
     *
     * @return the diff as Markdown when the live document breaks a client of the released one, else {@code null}
     */
    public static String breakingChanges(String released, String live) {
        ChangedOpenApi diff = OpenApiCompare.fromContents(released, live);
        if (!diff.isIncompatible()) {
            return null;
        }
        ByteArrayOutputStream markdown = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(markdown, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return markdown.toString(StandardCharsets.UTF_8);
    }
}
