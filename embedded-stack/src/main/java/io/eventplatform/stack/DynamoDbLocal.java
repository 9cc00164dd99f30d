package io.eventplatform.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** AWS's DynamoDB Local as a child process on loopback, streams included. */
final class DynamoDbLocal {

    static final String NAME = "DynamoDB Local";

    private DynamoDbLocal() {
    }

    /**
     * Starts it on {@code port}; with a data directory it keeps tables across restarts, without
     * one it runs in memory. {@code -sharedDb} makes every region and key see the same tables.
     * No class-data archive: its jar's manifest puts a directory on the class path, which CDS refuses.
     */
    /** {@code -Dstack.emulator.jit=full} runs DynamoDB Local with C2 too (the -Pbench profile sets it). */
    static final String JIT_PROPERTY = "stack.emulator.jit";
    private static final String FULL_JIT = "full";

    static ChildProcess start(StackBinaries binaries, int port, Path dataDir, Path logDir) {
        Ports.requireFree(port, "DynamoDB Local");
        List<String> arguments = new ArrayList<>(List.of(
                "-cp", binaries.dynamoDbLocalDir().resolve("*").toString(),
                "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
                "-port", String.valueOf(port), "-sharedDb"));
        if (dataDir == null) {
            arguments.add("-inMemory");
        } else {
            arguments.addAll(List.of("-dbPath", dataDir.toString()));
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + logDir));
        // C1 alone: a local emulator gains little from C2, whose compiling competes with every start-up.
        // Benchmarks ask for the full JIT, so that a slow emulator does not flatter what they compare with it.
        if (!FULL_JIT.equals(System.getProperty(JIT_PROPERTY))) {
            jvm.add("-XX:TieredStopAtLevel=1");
        }
        ChildProcess process = ChildProcess.start(NAME, ChildProcess.java(jvm, arguments),
                Map.of(), logDir.resolve("dynamodb-local.log"));
        Ports.awaitListening(port, Duration.ofSeconds(60), process);
        return process;
    }
}
