package io.eventplatform.local;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.KinesisServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./platform run}: the embedded stack, the three services and the gateway, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Start the whole platform behind http://localhost:8080 (builds what is missing).",
        description = "Build what is missing, then start DynamoDB Local, the S3 server, the three services and the "
                + "gateway behind http://localhost:8080, and print where everything is. Ctrl-C stops it all.")
final class RunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--fresh", description = "wipe the data directory (data, keys, logs) first")
    boolean fresh;

    @Option(names = "--expose", description = {"bind the gateway to every interface (the LAN reaches it);",
            "by default only this machine does (127.0.0.1)"})
    boolean expose;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".data",
            description = "data, keys and logs, kept across restarts (default: ${DEFAULT-VALUE})")
    String dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "the gateway's port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dynamodb-port", defaultValue = "8000", description = "DynamoDB Local's port (default: ${DEFAULT-VALUE})")
    int dynamoDbPort;

    @Option(names = "--s3-port", defaultValue = "9090", description = "the S3 server's port (default: ${DEFAULT-VALUE})")
    int s3Port;

    @Option(names = "--checkin-instances", defaultValue = "1", paramLabel = "N", description = {
            "checkin-service instances behind the gateway (default: ${DEFAULT-VALUE}): the n-th listens 100 ports",
            "above the first (8182, 8282, ...; health 9182, ...). 1 or 2 with the dynamodb-streams feed,",
            "which serves two readers per shard; up to 6 with --change-feed kinesis."})
    int checkinInstances;

    @Option(names = "--change-feed", defaultValue = "dynamodb-streams", paramLabel = "dynamodb-streams|kinesis",
            description = {"what checkin-service reads the table's changes from (default: ${DEFAULT-VALUE}); kinesis",
                    "adds a local Kinesis server that the table's changes are streamed into, as in AWS, each",
                    "instance one enhanced fan-out consumer (needs npm ci --prefix kinesis-server)"})
    String changeFeed;

    @Override
    public void run() {
        LocalPlatform.ChangeFeed feed = switch (changeFeed) {
            case "dynamodb-streams" -> LocalPlatform.ChangeFeed.DYNAMODB_STREAMS;
            case "kinesis" -> LocalPlatform.ChangeFeed.KINESIS;
            default -> throw new ParameterException(spec.commandLine(),
                    "--change-feed takes dynamodb-streams or kinesis, got " + changeFeed);
        };
        if (checkinInstances < 1 || checkinInstances > feed.maxCheckinInstances()) {
            throw new ParameterException(spec.commandLine(), "--checkin-instances takes 1 to " + feed.maxCheckinInstances()
                    + " with the " + feed.optionValue() + " change feed" + (feed == LocalPlatform.ChangeFeed.DYNAMODB_STREAMS
                    ? " (DynamoDB Streams serves two readers per shard; --change-feed kinesis takes up to 6)" : "")
                    + ", got " + checkinInstances);
        }
        if (feed == LocalPlatform.ChangeFeed.KINESIS && !KinesisServer.installed()) {
            throw new ParameterException(spec.commandLine(),
                    "--change-feed kinesis needs the local Kinesis server: npm ci --prefix kinesis-server");
        }
        var options = new LocalPlatform.Options(LocalPlatformCommand.home(), LocalPlatformCommand.dataDir(dataDir),
                expose ? Gateway.ALL_INTERFACES : Gateway.LOOPBACK, LocalPlatformCommand.port(spec, "--port", port),
                LocalPlatformCommand.port(spec, "--dynamodb-port", dynamoDbPort),
                LocalPlatformCommand.port(spec, "--s3-port", s3Port),
                LocalPlatform.defaultServicePorts(PathRules.load()), LocalPlatform.defaultManagementPorts(PathRules.load()),
                checkinInstances, feed);
        long started = System.nanoTime();
        if (fresh) {
            EmbeddedStack.wipe(options.dataDir());
        }
        System.out.println("Starting DynamoDB Local, the S3 server, 3 services and the gateway...");
        LocalPlatform platform = LocalPlatform.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the platform...");
            platform.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "platform-stop"));
        printBanner(System.out, platform, options.dataDir(), (System.nanoTime() - started) / 1e9);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printBanner(PrintStream out, LocalPlatform platform, Path dataDir, double seconds) {
        String base = "http://localhost:" + platform.gatewayPort();
        out.printf("%nEvent platform is up (ready in %.1f s, launcher pid %s).%n", seconds,
                ManagementFactory.getRuntimeMXBean().getPid());
        out.printf("  Gateway (one base URL)   %s  %s%n", base, platform.exposed()
                ? "(EXPOSED on every interface: anyone on the network can reach it)"
                : "(this machine only; --expose opens it to the network)");
        out.printf("  Health of every service  %s%s%n", base, Gateway.HEALTH_PATH);
        out.printf("  Registration API         %s/api/registration/swagger-ui/%n", base);
        out.printf("  Check-in API             %s/api/checkin/swagger-ui/%n", base);
        out.printf("  Materials API            %s/api/materials/swagger-ui/%n", base);
        if (answers(base + "/dashboard/")) {
            out.printf("  Staff dashboard          %s/dashboard/%n", base);
        }
        if (answers(base + "/kiosk/")) {
            out.printf("  Door kiosk app           %s/kiosk/  (pair it with ./platform token kiosk --event EVENT_ID --gate GATE)%n", base);
        }
        platform.instances().stream().filter(i -> !i.name().equals(i.service())).forEach(i -> out.printf(
                "  Also behind the gateway  %s on 127.0.0.1:%d (health on %d)%n", i.name(), i.port(), i.managementPort()));
        out.printf("  Published materials      %s/static/...%n", base);
        out.printf("  DynamoDB Local           %s (table %s)%n", platform.stack().dynamoDbEndpoint(),
                platform.stack().options().tableName());
        platform.kinesisDestination().ifPresent(kinesis -> out.printf(
                "  Change feed (Kinesis)    %s (stream %s; the table's changes are streamed into it)%n",
                kinesis.endpoint(), KinesisDestination.STREAM_NAME));
        out.printf("  S3 server                %s (bucket %s)%n", platform.stack().s3Endpoint(),
                platform.stack().options().bucket());
        out.printf("  Attendee mail (SMTP)     smtp://127.0.0.1:%d; read it: %s/api/user/ADDRESS/messages/INBOX or IMAP 127.0.0.1:%d (user ADDRESS, any password)%n",
                platform.stack().options().mail().smtp(), platform.stack().mailApi(), platform.stack().options().mail().imap());
        out.printf("  Sample data to click     ./platform demo  (an event, 100 attendees, check-ins, materials; prints links)%n");
        out.printf("  Tokens                   ./platform token organizer | staff | kiosk --event EVENT_ID%n");
        out.printf("  Data and logs            %s (logs/ inside; ./platform run --fresh wipes it)%n", dataDir);
        out.printf("Press Ctrl-C to stop everything.%n");
    }

    private static boolean answers(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
