package io.eventplatform.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.eventplatform.shared.table.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS parts of the platform on loopback, with no Docker and no account: DynamoDB Local
 * (streams on), an S3 server with versioning and an SMTP server (SES's stand-in) as child
 * processes, the table and bucket provisioned, and a JWT key pair. The local platform and every test use this same class.
 */
public final class EmbeddedStack implements AutoCloseable {

    /** Default bucket for event materials. */
    public static final String DEFAULT_BUCKET = "event-management-materials";

    /**
     * How to run the stack.
     *
     * @param dataDir where data, keys and logs live; kept across restarts
     * @param persistent keep table data on disk (else in memory, for tests)
     * @param dynamoDbPort DynamoDB Local's port
     * @param s3Port the S3 server's port
     * @param tableName the shared table's name
     * @param bucket the materials bucket's name
     * @param classDataDir where the S3 server's class-data archive lives ({@link ClassDataArchive}),
     *        or null for none: worth it for a stack started again and again, not for one test run
     * @param mail the mail server's ports
     */
    public record Options(Path dataDir, boolean persistent, int dynamoDbPort, int s3Port, String tableName,
            String bucket, Path classDataDir, MailPorts mail) {

        /** The mail server on free ports. */
        public Options(Path dataDir, boolean persistent, int dynamoDbPort, int s3Port, String tableName,
                String bucket, Path classDataDir) {
            this(dataDir, persistent, dynamoDbPort, s3Port, tableName, bucket, classDataDir, MailPorts.free());
        }

        /** Without class-data archives, the mail server on free ports. */
        public Options(Path dataDir, boolean persistent, int dynamoDbPort, int s3Port, String tableName,
                String bucket) {
            this(dataDir, persistent, dynamoDbPort, s3Port, tableName, bucket, null);
        }

        /** In-memory table on free ports under a fresh temporary directory: what tests use. */
        public static Options forTests() {
            try {
                return new Options(Files.createTempDirectory("event-platform-test-"), false, Ports.free(),
                        Ports.free(), TableSchema.DEFAULT_TABLE_NAME, DEFAULT_BUCKET);
            } catch (IOException e) {
                throw new StackException("no temporary directory", e);
            }
        }
    }

    /**
     * The mail server's ports.
     *
     * @param smtp where services send mail
     * @param api GreenMail's REST API: {@code GET /api/user/<address>/messages/INBOX} reads a mailbox
     * @param imap the same mailboxes over IMAP (user = the address, any password)
     */
    public record MailPorts(int smtp, int api, int imap) {

        public static MailPorts free() {
            return new MailPorts(Ports.free(), Ports.free(), Ports.free());
        }
    }

    private final Options options;
    private final List<ChildProcess> processes = new ArrayList<>();
    /** Whether another class loader of this JVM started the processes ({@link #attach}). */
    private boolean attached;
    private KeyPairFiles keys;
    private KeyPairFiles ticketKeys;
    private DynamoDbClient dynamoDb;
    private S3Client s3;

    private EmbeddedStack(Options options) {
        this.options = options;
    }

    /** Starts both servers side by side, then provisions table, bucket and keys. */
    public static EmbeddedStack start(Options options) {
        EmbeddedStack stack = new EmbeddedStack(options);
        try {
            stack.startProcesses();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startProcesses() {
        StackBinaries binaries = StackBinaries.locate();
        Path logs = logDir();
        createDir(logs);
        var dynamo = CompletableFuture.supplyAsync(() -> startDynamoDbLocal(binaries));
        var s3Server = CompletableFuture.supplyAsync(() -> startS3(binaries));
        // After DynamoDB Local is up (whether or not it came up): three JVMs starting at once on two
        // busy cores can keep the one every test needs first from listening in time.
        var mailServer = dynamo.handle((started, failed) -> null).thenApplyAsync(ignored -> MailServer.start(
                binaries, options.mail().smtp(), options.mail().api(), options.mail().imap(), logs));
        // Keep hold of whichever started, even if another failed, so close() stops it.
        List<CompletableFuture<ChildProcess>> starting = List.of(dynamo, s3Server, mailServer);
        for (CompletableFuture<ChildProcess> child : starting) {
            ChildProcess process = join(child);
            if (process != null) {
                processes.add(process);
            }
        }
        for (CompletableFuture<ChildProcess> child : starting) {
            if (child.isCompletedExceptionally()) {
                throw failure(child);
            }
        }
        dynamoDb = AwsClients.dynamoDb(dynamoDbEndpoint());
        s3 = AwsClients.s3(s3Endpoint());
        StackProvisioner provisioner = new StackProvisioner(dynamoDb, s3);
        provisioner.ensureTable(options.tableName());
        provisioner.ensureVersionedBucket(options.bucket());
        keys = KeyPairFiles.jwt(options.dataDir().resolve("keys"));
        ticketKeys = KeyPairFiles.tickets(options.dataDir().resolve("keys"));
    }

    private ChildProcess startDynamoDbLocal(StackBinaries binaries) {
        Path data = options.persistent() ? createDir(options.dataDir().resolve("dynamodb")) : null;
        return DynamoDbLocal.start(binaries, options.dynamoDbPort(), data, logDir());
    }

    private ChildProcess startS3(StackBinaries binaries) {
        return S3Server.start(binaries, options.s3Port(), createDir(options.dataDir().resolve("s3")), logDir(),
                options.classDataDir());
    }

    /**
     * A handle on a stack another part of this JVM already started (Quarkus runs test resources
     * and tests in different class loaders): clients and keys, no processes of its own.
     */
    public static EmbeddedStack attach(Options options) {
        EmbeddedStack stack = new EmbeddedStack(options);
        stack.attached = true;
        stack.dynamoDb = AwsClients.dynamoDb(stack.dynamoDbEndpoint());
        stack.s3 = AwsClients.s3(stack.s3Endpoint());
        stack.keys = KeyPairFiles.jwt(options.dataDir().resolve("keys"));
        stack.ticketKeys = KeyPairFiles.tickets(options.dataDir().resolve("keys"));
        return stack;
    }

    private static ChildProcess join(CompletableFuture<ChildProcess> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            return null;
        }
    }

    private static RuntimeException failure(CompletableFuture<ChildProcess> failed) {
        try {
            failed.join();
            return new StackException("stack failed to start");
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException runtime ? runtime
                    : new StackException("stack failed to start", e.getCause());
        }
    }

    public Options options() {
        return options;
    }

    public URI dynamoDbEndpoint() {
        return URI.create("http://127.0.0.1:" + options.dynamoDbPort());
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + options.s3Port());
    }

    /** GreenMail's REST API, where a developer (or a test) reads what was sent. */
    public URI mailApi() {
        return URI.create("http://127.0.0.1:" + options.mail().api());
    }

    /**
     * Stops the mail server, for tests of an SMTP outage. On an attached stack (a test class in
     * another Quarkus class loader of the JVM that started it) the server is found by its SMTP port.
     */
    public void stopMailServer() {
        ChildProcess owned = processes.stream().filter(p -> p.name().equals(MailServer.NAME)).findFirst().orElse(null);
        if (owned != null) {
            owned.stop(5_000);
            processes.remove(owned);
            return;
        }
        String smtpPort = "-Dgreenmail.smtp.port=" + options.mail().smtp() + " ";
        ProcessHandle.allProcesses().filter(p -> (p.info().commandLine().orElse("") + " ").contains(smtpPort))
                .forEach(p -> {
                    p.destroy();
                    try {
                        p.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    /** Starts the mail server again on its ports after {@link #stopMailServer()}; its mailboxes start empty. */
    public void startMailServer() {
        ChildProcess started = MailServer.start(StackBinaries.locate(), options.mail().smtp(), options.mail().api(),
                options.mail().imap(), logDir());
        processes.add(started);
        if (attached) {
            // Nothing closes an attached stack: the JVM's exit stops what it started.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.stop(5_000), "mail-server-stop"));
        }
    }

    /**
     * Kills DynamoDB Local with SIGKILL, as a crash would (nothing flushed, connections reset), and
     * returns once its process is gone and its port closed. For tests of a store outage; only a
     * stack that started its processes (not an {@link #attach attached} one) can.
     */
    public void killDynamoDb() {
        kill(DynamoDbLocal.NAME, options.dynamoDbPort());
    }

    /**
     * Starts DynamoDB Local again on its port after {@link #killDynamoDb()}: a persistent stack's on
     * its data directory (tables, items and streams as the crash left them), an in-memory one empty.
     */
    public void restartDynamoDb() {
        processes.add(startDynamoDbLocal(StackBinaries.locate()));
    }

    /** Kills the S3 server with SIGKILL, as {@link #killDynamoDb()} does DynamoDB Local. */
    public void killS3Server() {
        kill(S3Server.NAME, options.s3Port());
    }

    /** Starts the S3 server again on its port and object store after {@link #killS3Server()}. */
    public void restartS3Server() {
        processes.add(startS3(StackBinaries.locate()));
    }

    private void kill(String name, int port) {
        ChildProcess owned = processes.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException(name + " is not running in this stack"
                        + (attached ? " (an attached stack cannot kill what another class loader started)" : "")));
        owned.kill(10_000);
        processes.remove(owned);
        if (owned.isAlive() || Ports.isListening(port)) {
            throw new StackException(name + " survived SIGKILL: pid " + owned.pid() + ", port " + port);
        }
    }

    public Path logDir() {
        return options.dataDir().resolve("logs");
    }

    /**
     * The configuration every service reads to run against this stack, as Quarkus property names:
     * the table through DynamoDB and the keys that verify callers and tickets. The launcher
     * passes it to each service process, the tests to Quarkus.
     */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>(awsClientConfig("dynamodb", dynamoDbEndpoint()));
        config.put("table.name", options.tableName());
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyFile().toUri().toString());
        config.put("mp.jwt.verify.issuer", TokenMinter.ISSUER);
        config.put("ticket.public-key-location", ticketKeys.publicKeyFile().toUri().toString());
        return config;
    }

    /**
     * What only checkin-service reads here: DynamoDB Local has no per-shard read limit (AWS serves
     * five reads a second), so the change feed is read every 10 ms, and every 50 ms when quiet.
     */
    public Map<String, String> checkinConfig() {
        return Map.of("checkin.stream.poll-interval", "10ms", "checkin.stream.idle-poll-interval", "50ms");
    }

    /**
     * What only the service that keeps materials (materials-service) reads: the S3 client and the
     * bucket. The others lack the S3 extension and would warn about every {@code quarkus.s3} key.
     */
    public Map<String, String> materialsConfig() {
        Map<String, String> config = new LinkedHashMap<>(awsClientConfig("s3", s3Endpoint()));
        config.put("quarkus.s3.path-style-access", "true");
        config.put("materials.bucket", options.bucket());
        return config;
    }

    /** One Quarkiverse AWS client pointed at this stack, with the dummy credentials it accepts. */
    private static Map<String, String> awsClientConfig(String client, URI endpoint) {
        String prefix = "quarkus." + client + ".";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(prefix + "endpoint-override", endpoint.toString());
        config.put(prefix + "aws.region", AwsClients.REGION);
        config.put(prefix + "aws.credentials.type", "static");
        config.put(prefix + "aws.credentials.static-provider.access-key-id", AwsClients.ACCESS_KEY);
        config.put(prefix + "aws.credentials.static-provider.secret-access-key", AwsClients.SECRET_KEY);
        return config;
    }

    /**
     * What only the service that sends attendee email (registration-service) reads: the SMTP server
     * (plain, no login, as GreenMail takes it) and the mailer really sending, dev and test modes too.
     */
    public Map<String, String> mailConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.mailer.mock", "false");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(options.mail().smtp()));
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.login", "DISABLED");
        // DynamoDB Local has no per-shard read limit: the sender's feed reader may poll it often.
        config.put("notification.feed.poll-interval", "20ms");
        config.put("notification.feed.idle-poll-interval", "100ms");
        return config;
    }

    /** What only the service that signs tickets (registration-service) gets: the private key. */
    public Map<String, String> ticketSigningConfig() {
        return Map.of("ticket.private-key-location", ticketKeys.privateKeyFile().toUri().toString());
    }

    public KeyPairFiles keys() {
        return keys;
    }

    /** The EC pair that signs and verifies ticket tokens. */
    public KeyPairFiles ticketKeys() {
        return ticketKeys;
    }

    public TokenMinter tokens() {
        return new TokenMinter(keys);
    }

    /** A client for the stack's DynamoDB, for provisioning and for tests that look underneath. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public S3Client s3() {
        return s3;
    }

    public List<ChildProcess> processes() {
        return List.copyOf(processes);
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (s3 != null) {
            s3.close();
        }
        // Long enough for the S3 server to write its class-data archive at its first exit.
        processes.parallelStream().forEach(process -> process.stop(30_000));
        processes.clear();
    }

    /** Removes a data directory and everything in it (the local platform's {@code --fresh}). */
    public static void wipe(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new StackException("could not wipe " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("could not create " + dir + ": " + e.getMessage(), e);
        }
    }
}
