package io.eventplatform.local;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The commands the {@code ./platform} script runs itself (Maven, npm and the benchmark's own jar),
 * described here so that {@code ./platform --help} and {@code ./platform test --help} cover them.
 */
final class ScriptCommands {

    private ScriptCommands() {
    }

    private static ParameterException runByTheScript(CommandSpec spec) {
        return new ParameterException(spec.commandLine(),
                spec.name() + " runs from the script: ./platform " + spec.name() + " ...");
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            header = "Run every test: all modules, the whole platform, the docs' examples, deploy/.",
            description = "Run every test: npm ci in contract-tools/ (the OpenAPI linter), ./mvnw clean verify (every "
                    + "module against real DynamoDB Local, S3 and sockets, the whole platform, the docs' examples), "
                    + "then deploy/check.sh; ends with one line counting every JUnit test.",
            footer = {"", "Example: ./platform test -pl shared -am   (Maven arguments are passed on)"})
    static final class Test implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MAVEN_ARG", arity = "0..*", description = "passed on to ./mvnw clean verify")
        List<String> mavenArguments;

        @Override
        public void run() {
            throw runByTheScript(spec);
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            header = "Run a benchmark: door-rush (kiosks and dashboards over real WebSockets).",
            description = "Run a benchmark (door-rush: kiosks and dashboards over real WebSockets against checkin-"
                    + "service's jar; ~8-12 min for all scenarios). Builds what is stale first.",
            footer = {"", "door-rush options:",
                    "  --quick                 a few seconds per scenario: a smoke check, numbers not for use",
                    "  --scenario all|1..5     one scenario, or several comma-separated (default: all)",
                    "  --duration S            seconds per scenario run",
                    "  --port-base P           ports P..P+4 on loopback (default: 18080)",
                    "  --baseline DIR|none     the ws-baseline harness to compare with",
                    "  --report DIR            re-render a run's report from its results.json",
                    "", "Example: ./platform bench door-rush --scenario 3 --duration 60"})
    static final class Bench implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "BENCHMARK", description = "door-rush")
        String benchmark;

        @Parameters(index = "1..*", paramLabel = "OPTION", arity = "0..*", description = "the benchmark's options (below)")
        List<String> options;

        @Override
        public void run() {
            throw runByTheScript(spec);
        }
    }
}
