package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.contract.ApiDocuments;

/**
 * Issue #14: what an app developer does with the platform's contract. A TypeScript client is
 * generated from the three live OpenAPI documents of a running platform (openapi-typescript, with
 * openapi-fetch), type-checked with {@code tsc}, and a journey program built on it runs the
 * attendee's journey through the gateway (contract-tools/journey/attendee-journey.mts). The
 * generated code lands in contract-tools/target/ and is never committed.
 */
class AttendeeJourneyIT {

    private static final Path TOOLS = ApiDocuments.repositoryRoot().resolve("contract-tools");
    private static final Path BIN = TOOLS.resolve("node_modules/.bin");
    private static final List<String> STEPS = List.of("setup", "list-events", "register", "read-ticket", "qr-png",
            "materials-public", "check-in", "materials-checked-in", "cancel");

    @Test
    void aClientGeneratedFromTheLiveDocumentsRunsTheAttendeeJourney() throws Exception {
        assumeTrue(Files.isExecutable(BIN.resolve("openapi-typescript")) && Files.isExecutable(BIN.resolve("tsc")),
                "the client tools are not installed: npm ci --prefix contract-tools (./platform test does)");
        Path generated = TOOLS.resolve("target/generated");
        EmbeddedStack.wipe(TOOLS.resolve("target"));
        Files.createDirectories(generated);
        Path log = Path.of("target/attendee-journey.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Path dataDir = Files.createTempDirectory("platform-it-journey-");
        try (LocalPlatform platform = LocalPlatform.start(LocalPlatformIT.options(dataDir, 0))) {
            String gateway = "http://127.0.0.1:" + platform.gatewayPort();
            for (String service : List.of("registration", "checkin", "materials")) {
                run(log, Map.of(), BIN.resolve("openapi-typescript").toString(),
                        gateway + "/api/" + service + "/openapi?format=json",
                        "-o", generated.resolve(service + ".d.ts").toString());
            }
            run(log, Map.of(), BIN.resolve("tsc").toString(), "--noEmit", "-p", "journey/tsconfig.json");
            run(log, Map.of(), BIN.resolve("tsc").toString(), "-p", "journey/tsconfig.json");

            String output = run(log, Map.of("GATEWAY", gateway,
                    "ORGANIZER_TOKEN", platform.stack().tokens().mint(Roles.ORGANIZER, null),
                    "STAFF_TOKEN", platform.stack().tokens().mint(Roles.STAFF, null)),
                    "node", TOOLS.resolve("target/journey/journey/attendee-journey.mjs").toString());
            for (String step : STEPS) {
                assertTrue(output.contains("STEP " + step + " ok"), step + " did not finish:\n" + output);
            }
            assertTrue(output.contains("JOURNEY complete"), output);
        } finally {
            EmbeddedStack.wipe(dataDir);
        }
    }

    /** Runs a command in contract-tools/, appending its output to the log; any exit code but 0 fails the test. */
    private static String run(Path log, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("journey-step-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(TOOLS.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String text = Files.readString(output);
        Files.delete(output);
        Files.writeString(log, "$ " + String.join(" ", command[0], command.length > 1 ? command[1] : "") + "\n" + text,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(finished, command[0] + " did not finish within 5 minutes:\n" + text);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
