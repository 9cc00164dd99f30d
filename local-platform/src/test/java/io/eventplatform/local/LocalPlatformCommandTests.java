package io.eventplatform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code ./platform}'s command line: help for every command, and usage errors that say what is wrong, with exit 2. */
class LocalPlatformCommandTests {

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome execute(String... args) {
        CommandLine commandLine = LocalPlatformCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    private static void assertUsageError(Outcome outcome, String message) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().startsWith("error: " + message), outcome.err());
        assertTrue(outcome.err().contains("Usage: ./platform"), "the error is followed by the usage: " + outcome.err());
        assertEquals("", outcome.out(), "nothing on stdout, where a script would take a token from");
    }

    @Test
    void helpListsEveryCommand() {
        Outcome help = execute("--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("run", "demo", "token", "test", "bench", "provision", "gateway", "help")) {
            assertTrue(help.out().lines().anyMatch(line -> line.strip().startsWith(command + " ")), command + " in " + help.out());
        }
        assertEquals(help.out(), execute("help").out());
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : List.of("run", "demo", "token", "test", "bench", "provision", "gateway")) {
            Outcome help = execute(command, "--help");
            assertEquals(0, help.exitCode(), command);
            assertTrue(help.out().contains("Usage: ./platform " + command + " "), help.out());
            assertEquals(help.out(), execute("help", command).out(), command);
        }
        assertTrue(execute("run", "--help").out().contains("--expose"));
        assertTrue(execute("token", "-h").out().contains("--event=EVENT_ID"));
    }

    @Test
    void anEmptyEventIsRefusedRatherThanMintingATokenNoSocketAccepts() {
        assertUsageError(execute("token", "kiosk", "--event", "", "--gate", "north-1"),
                "Invalid value for option '--event': must not be empty");
        assertUsageError(execute("token", "kiosk", "--event=  ", "--gate", "north-1"),
                "Invalid value for option '--event': must not be empty");
        assertUsageError(execute("token", "kiosk", "--event", "evt-1", "--gate", ""),
                "Invalid value for option '--gate': must not be empty");
    }

    @Test
    void aKioskTokenNeedsItsEvent() {
        assertUsageError(execute("token", "kiosk", "--gate", "north-1"), "a kiosk token is bound to one event: add --event EVENT_ID");
    }

    @Test
    void wrongRolesOptionsAndCommandsAreUsageErrors() {
        assertUsageError(execute("token", "admin"), "Invalid value for positional parameter at index 0 (ROLE)");
        assertUsageError(execute("token"), "Missing required parameter: 'ROLE'");
        assertUsageError(execute("token", "staff", "--hours", "soon"), "Invalid value for option '--hours'");
        assertUsageError(execute("token", "staff", "--hours", "0"), "--hours takes a positive number, got 0");
        assertUsageError(execute("token", "staff", "--event"), "Missing required parameter for option '--event'");
        assertUsageError(execute("token", "staff", "--evnt", "x"), "Unknown options: '--evnt', 'x'");
        assertUsageError(execute("run", "--port", "70000"), "--port takes a port (1-65535), got 70000");
        assertUsageError(execute("run", "--checkin-instances", "3"),
                "--checkin-instances takes 1 to 2 with the dynamodb-streams change feed");
        assertUsageError(execute("run", "--change-feed", "kinesis", "--checkin-instances", "7"),
                "--checkin-instances takes 1 to 6 with the kinesis change feed, got 7");
        assertUsageError(execute("run", "--change-feed", "sqs"), "--change-feed takes dynamodb-streams or kinesis, got sqs");
        assertUsageError(execute("demo", "--port", "eighty"), "Invalid value for option '--port'");
        assertUsageError(execute("launch"), "Unmatched argument at index 0: 'launch'");
        assertUsageError(execute(), "no command given");
    }

    @Test
    void theGatewayNeedsAbsoluteUpstreamUrlsForTheServicesOfThePathRules() {
        assertUsageError(execute("gateway"), "Missing required option: '--upstream=SERVICE=URL'");
        assertUsageError(execute("gateway", "--upstream", "registration-service"),
                "Value for option option '--upstream' (SERVICE=URL) should be in KEY=VALUE format");
        assertUsageError(execute("gateway", "--upstream", "registration-service="),
                "Invalid value for option '--upstream'");
        assertUsageError(execute("gateway", "--upstream", "registration-service=localhost"),
                "Invalid value for option '--upstream' (SERVICE=URL): expected an absolute URL");
        assertUsageError(execute("gateway", "--upstream", "billing-service=http://localhost:8084"),
                "no service billing-service in the path rules");
        assertUsageError(execute("gateway", "--upstream", "registration-service=http://localhost:8081"),
                "no --upstream for ");
        assertUsageError(execute("provision", "--dynamodb-endpoint", "http://localhost:8000"),
                "Missing required option: '--s3-endpoint=URL'");
    }

    @Test
    void theCommandLinesOfTheReadmeAndDockerComposeStillParse() {
        CommandLine.ParseResult gateway = LocalPlatformCommand.commandLine().parseArgs("gateway", "--expose", "--port", "8080",
                "--upstream", "registration-service=http://registration-service:8081",
                "--upstream", "checkin-service=http://checkin-service:8082",
                "--upstream", "materials-service=http://materials-service:8083",
                "--static", "http://s3:9090/event-management-materials");
        GatewayCommand parsed = (GatewayCommand) gateway.subcommand().commandSpec().userObject();
        assertTrue(parsed.expose);
        assertEquals(List.of("registration-service", "checkin-service", "materials-service"), List.copyOf(parsed.upstreams.keySet()));
        assertEquals("http://checkin-service:8082", parsed.upstreams.get("checkin-service").toString());

        CommandLine.ParseResult run = LocalPlatformCommand.commandLine().parseArgs("run", "--fresh", "--expose",
                "--data-dir", "other", "--port", "18080", "--dynamodb-port", "18000", "--s3-port", "19090");
        RunCommand runParsed = (RunCommand) run.subcommand().commandSpec().userObject();
        assertTrue(runParsed.fresh && runParsed.expose);
        assertEquals(List.of(18080, 18000, 19090, "other"),
                List.of(runParsed.port, runParsed.dynamoDbPort, runParsed.s3Port, runParsed.dataDir));

        CommandLine.ParseResult provision = LocalPlatformCommand.commandLine().parseArgs("provision", "--dynamodb-endpoint",
                "http://dynamodb:8000", "--s3-endpoint", "http://s3:9090", "--table", "t", "--bucket", "b");
        ProvisionCommand provisionParsed = (ProvisionCommand) provision.subcommand().commandSpec().userObject();
        assertEquals(List.of("http://dynamodb:8000", "http://s3:9090", "t", "b"), List.of(provisionParsed.dynamoDb.toString(),
                provisionParsed.s3.toString(), provisionParsed.table, provisionParsed.bucket));
    }

    @Test
    void commandsTheScriptRunsSaySo() {
        assertUsageError(execute("test"), "test runs from the script: ./platform test ...");
        assertUsageError(execute("bench"), "Missing required parameter: 'BENCHMARK'");
    }

    @Test
    void aTokenIsPrintedAloneOnStdout(@TempDir Path dataDir) throws Exception {
        Outcome token = execute("token", "kiosk", "--event", "evt-1", "--gate", "north-1", "--data-dir", dataDir.toString());
        assertEquals(0, token.exitCode(), token.err());
        assertTrue(token.out().strip().matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"), token.out());
        assertTrue(Files.exists(dataDir.resolve("keys/jwt-public.pem")), "the key the services verify with");
    }
}
