package io.eventplatform.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.eventplatform.stack.contract.ApiDocuments;

/**
 * A Kinesis-protocol server (npm {@code kinesis-local}, kinesis-mock built for Node) as a child
 * process on loopback, for the change feed's Kinesis source. It serves the JSON and CBOR protocol
 * and, over cleartext HTTP/2, SubscribeToShard. DynamoDB Local cannot stream a table into it: tests
 * put change records themselves. {@code npm ci --prefix kinesis-server} installs it.
 */
public final class KinesisServer implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KinesisServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Where {@code npm ci --prefix kinesis-server} puts it. */
    public static Path packageDir() {
        return ApiDocuments.repositoryRoot().resolve("kinesis-server/node_modules/kinesis-local");
    }

    public static boolean installed() {
        return Files.isRegularFile(packageDir().resolve("main.js"));
    }

    /**
     * Starts it with every operation's simulated delay (creating streams, registering consumers,
     * resharding) cut to {@code delay}. It must run from its package folder, where it reads its TLS
     * certificate.
     */
    public static KinesisServer start(Path logDir, Duration delay) {
        int port = Ports.free();
        int tlsPort = Ports.free();
        String millis = delay.toMillis() + "ms";
        Map<String, String> environment = Map.ofEntries(
                Map.entry("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port)),
                Map.entry("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort)),
                Map.entry("CREATE_STREAM_DURATION", millis),
                Map.entry("DELETE_STREAM_DURATION", millis),
                Map.entry("REGISTER_STREAM_CONSUMER_DURATION", millis),
                Map.entry("DEREGISTER_STREAM_CONSUMER_DURATION", millis),
                Map.entry("SPLIT_SHARD_DURATION", millis),
                Map.entry("MERGE_SHARDS_DURATION", millis),
                Map.entry("UPDATE_SHARD_COUNT_DURATION", millis),
                Map.entry("SHOULD_PERSIST_DATA", "false"),
                Map.entry("LOG_LEVEL", "WARN"));
        ChildProcess process = ChildProcess.start("kinesis-local", List.of("node", "main.js"), environment,
                logDir.resolve("kinesis-local.log"), packageDir());
        Ports.awaitListening(port, Duration.ofSeconds(30), process);
        return new KinesisServer(process, port);
    }

    /** Cleartext endpoint; the SDK's Netty client speaks HTTP/2 to it with prior knowledge. */
    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        process.stop(5_000);
    }
}
