package io.eventplatform.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.eventplatform.local.Gateway;
import io.eventplatform.local.LocalPlatform;
import io.eventplatform.local.PathRules;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;

/**
 * The platform as README starts it, once, and on it: {@code ./platform demo} (what it makes, counted
 * through the APIs), then every shell example of README.md and docs/*.md, run as written and
 * compared with the answers the documents show ({@link DocExamples}, {@link AnswerMatcher}).
 */
class DocsIT {

    private static final Path HOME = Path.of(System.getProperty("platform.home", "..")).toAbsolutePath().normalize();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path workDir;
    private static LocalPlatform platform;
    private static int port;

    @BeforeAll
    static void startThePlatformAsReadmeDoes() throws Exception {
        // The reader's checkout: ./platform, and the data directory the platform and its tokens share.
        workDir = Files.createTempDirectory("docs-it-");
        long started = System.nanoTime();
        // What ./platform run starts, from the packaged jars, on free ports: this machine may be running the real one.
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        Map<String, Integer> managementPorts = new LinkedHashMap<>();
        PathRules.load().services().keySet().forEach(service -> {
            servicePorts.put(service, Ports.free());
            managementPorts.put(service, Ports.free());
        });
        platform = LocalPlatform.start(new LocalPlatform.Options(HOME, workDir.resolve(".data"), Gateway.LOOPBACK, 0,
                Ports.free(), Ports.free(), servicePorts, managementPorts));
        port = platform.gatewayPort();
        System.out.printf("platform ready in %.1f s on port %d%n", (System.nanoTime() - started) / 1e9, port);
        Path launcher = workDir.resolve("platform");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                # ./platform for the docs' examples: this build's launcher, the platform under test.
                set -euo pipefail
                command="${1:-}"
                [ $# -gt 0 ] && shift
                case "$command" in
                  demo) set -- demo --port %d "$@" ;;
                  *) set -- $command "$@" ;;
                esac
                exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dplatform.home='%s' -jar '%s' "$@"
                """.formatted(port, workDir, HOME.resolve("local-platform/target/local-platform.jar")));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        EmbeddedStack.wipe(workDir);
    }

    @Test
    void demoMakesAnEventWithAttendeesCheckInsAndMaterialsAndPrintsWorkingLinks() throws Exception {
        Process demo = new ProcessBuilder("./platform", "demo").directory(workDir.toFile()).redirectErrorStream(true).start();
        String printed = new String(demo.getInputStream().readAllBytes());
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, demo.exitValue(), printed);

        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(workDir.resolve(".data/demo.env"))) {
            String[] export = line.substring("export ".length()).split("=", 2);
            env.put(export[0], export[1]);
        }
        assertEquals(List.of("BASE", "EVENT_ID", "ORGANIZER", "STAFF", "KIOSK", "TICKET", "REGISTRATION_ID", "MATERIAL"),
                List.copyOf(env.keySet()));
        env.forEach((name, value) -> assertTrue(printed.contains("export " + name + "=" + value), name + " printed"));
        String event = env.get("EVENT_ID");
        String base = "http://localhost:" + port;
        assertTrue(printed.contains(base + "/dashboard/#event=" + event + "&token=" + env.get("STAFF")), printed);
        assertTrue(printed.contains(base + "/kiosk/#token=" + env.get("KIOSK")), printed);
        assertEquals(200, send("/dashboard/", null, null).statusCode());
        assertEquals(200, send("/kiosk/", null, null).statusCode());

        JsonNode eventView = json(send("/api/registration/events/" + event, null, null));
        assertEquals(List.of("north-1", "south-1"), JSON.convertValue(eventView.path("gates"), List.class));
        assertEquals(2, eventView.path("questions").size());
        assertEquals("published", eventView.path("state").asText());
        JsonNode registered = json(send("/api/registration/events/" + event + "/counts", env.get("ORGANIZER"), null));
        assertEquals(100, registered.path("confirmed").asInt(), registered.toString());

        JsonNode checkedIn = json(send("/api/checkin/events/" + event + "/counts", env.get("KIOSK"), null));
        assertEquals(12, checkedIn.path("checkedIn").asInt(), checkedIn.toString());
        assertEquals(7, checkedIn.path("gates").path("north-1").asInt(), checkedIn.toString());
        assertEquals(5, checkedIn.path("gates").path("south-1").asInt(), checkedIn.toString());

        JsonNode publicMaterials = json(send("/api/materials/events/" + event + "/materials", null, null));
        assertEquals(List.of("Venue map"), titles(publicMaterials));
        JsonNode attendeeMaterials = json(send("/api/materials/events/" + event + "/materials", null, env.get("TICKET")));
        assertEquals(List.of("Keynote slides", "Venue map"), titles(attendeeMaterials).stream().sorted().toList());
        JsonNode me = json(send("/api/registration/tickets/me", null, env.get("TICKET")));
        assertEquals("checked_in", me.path("checkInState").asText(), me.toString());
        JsonNode waiting = json(send("/api/registration/events/" + event + "/registrations/" + env.get("REGISTRATION_ID"),
                env.get("ORGANIZER"), null));
        assertEquals("confirmed", waiting.path("checkInState").asText(), waiting.toString());
    }

    @Test
    void demoWithNoPlatformRunningSaysSoAndFails() throws Exception {
        Process demo = new ProcessBuilder("java", "-jar", HOME.resolve("local-platform/target/local-platform.jar").toString(),
                "demo", "--port", String.valueOf(Ports.free()), "--data-dir", workDir.resolve(".data").toString())
                .redirectErrorStream(true).start();
        String printed = new String(demo.getInputStream().readAllBytes());
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, demo.exitValue(), printed);
        assertTrue(printed.contains("error: no platform answers at http://localhost:"), printed);
    }

    /** README first (its quick start runs the demo that the other documents' examples use), then docs/ by name. */
    @TestFactory
    Stream<DynamicTest> everyDocumentedExampleRunsAsWritten() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(HOME.resolve("README.md")));
        try (Stream<Path> docs = Files.list(HOME.resolve("docs"))) {
            docs.filter(doc -> doc.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        DocRunner runner = new DocRunner(workDir, port, List.of(HOME.resolve("contract-tools/node_modules/.bin")));
        return documents.stream().map(document -> DynamicTest.dynamicTest(HOME.relativize(document).toString(),
                () -> runExamples(runner, DocExamples.parse(HOME.relativize(document).toString(), Files.readString(document)))));
    }

    private static void runExamples(DocRunner runner, DocExamples document) throws Exception {
        for (DocExamples.Example example : document.examples()) {
            DocRunner.Outcome outcome = runner.run(document.document(), example.script());
            String context = example.name() + "\n" + example.script() + "--- printed:\n" + outcome.stdout()
                    + "--- stderr:\n" + outcome.stderr();
            if (outcome.exitCode() != 0) {
                fail("example failed (exit " + outcome.exitCode() + ") at " + context);
            }
            for (int i = 0; i < outcome.statuses().size(); i++) {
                int status = outcome.statuses().get(i);
                boolean last = i == outcome.statuses().size() - 1;
                if (last && example.status().isPresent()) {
                    assertEquals(example.status().getAsInt(), status, "status of the last answer at " + context);
                } else if (status >= 400) {
                    fail("answered " + status + " (an answer block with status=" + status + " says it is expected) at " + context);
                }
            }
            if (example.answer() != null) {
                List<String> differences = new AnswerMatcher(outcome.variables())
                        .differences(runner.localised(example.answer()), outcome.stdout());
                if (!differences.isEmpty()) {
                    fail("the answer differs from the document's:\n  " + String.join("\n  ", differences) + "\nat " + context);
                }
            }
        }
        System.out.printf("%s: %d examples ran as written; shown only: %s%n", document.document(), document.examples().size(),
                document.notRun());
    }

    private static HttpResponse<String> send(String path, String bearer, String ticket) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (ticket != null) {
            request.header("X-Ticket", ticket);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> titles(JsonNode materials) {
        List<String> titles = new ArrayList<>();
        (materials.isArray() ? materials : materials.path("items")).forEach(material -> titles.add(material.path("title").asText()));
        return titles;
    }
}
