package io.eventplatform.local;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.AwsClients;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.StackException;
import io.eventplatform.stack.StackProvisioner;
import io.eventplatform.stack.TokenMinter;

/**
 * {@code ./platform} commands: {@code run} the whole platform, mint a {@code token}, and for
 * docker-compose {@code provision} a table and bucket or run the {@code gateway} alone.
 */
public final class LocalPlatformCommand {

    private static final String USAGE = """
            usage:
              run [--fresh] [--expose] [--data-dir DIR] [--port 8080] [--dynamodb-port 8000] [--s3-port 9090]
              token ROLE [--event EVENT_ID] [--gate GATE] [--subject NAME] [--hours 12] [--data-dir DIR]
                    ROLE is organizer, staff or kiosk (a kiosk needs --event)
              provision --dynamodb-endpoint URL --s3-endpoint URL [--table NAME] [--bucket NAME]
              gateway [--expose] [--port 8080] --upstream SERVICE=URL ... [--static URL]
                    each service's readiness is checked on the URL's host at its management port
                    (deploy/contract/path-rules.json)
            --expose binds the gateway to every interface (the LAN reaches it); by default only
            this machine does (127.0.0.1).
            """;

    private LocalPlatformCommand() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            Arguments arguments = Arguments.parse(List.of(args).subList(1, args.length));
            switch (args[0]) {
                case "run" -> run(arguments);
                case "token" -> token(arguments);
                case "provision" -> provision(arguments);
                case "gateway" -> gateway(arguments);
                default -> throw new UsageException("unknown command " + args[0]);
            }
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (StackException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Path home() {
        return Path.of(System.getProperty("platform.home", ".")).toAbsolutePath().normalize();
    }

    private static Path dataDir(Arguments arguments) {
        return home().resolve(arguments.value("data-dir", ".data")).normalize();
    }

    private static void run(Arguments arguments) {
        long started = System.nanoTime();
        Path dataDir = dataDir(arguments);
        if (arguments.flag("fresh")) {
            EmbeddedStack.wipe(dataDir);
        }
        PathRules rules = PathRules.load();
        var options = new LocalPlatform.Options(home(), dataDir, gatewayHost(arguments), arguments.intValue("port", 8080),
                arguments.intValue("dynamodb-port", 8000), arguments.intValue("s3-port", 9090),
                LocalPlatform.defaultServicePorts(rules), LocalPlatform.defaultManagementPorts(rules));
        System.out.println("Starting DynamoDB Local, the S3 server, 3 services and the gateway...");
        LocalPlatform platform = LocalPlatform.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the platform...");
            platform.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "platform-stop"));
        double seconds = (System.nanoTime() - started) / 1e9;
        printBanner(System.out, platform, dataDir, seconds);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loopback unless {@code --expose}: the local services trust every caller's network. */
    private static String gatewayHost(Arguments arguments) {
        return arguments.flag("expose") ? Gateway.ALL_INTERFACES : Gateway.LOOPBACK;
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
        out.printf("  Published materials      %s/static/...%n", base);
        out.printf("  DynamoDB Local           %s (table %s)%n", platform.stack().dynamoDbEndpoint(),
                platform.stack().options().tableName());
        out.printf("  S3 server                %s (bucket %s)%n", platform.stack().s3Endpoint(),
                platform.stack().options().bucket());
        out.printf("  Attendee mail (SMTP)     smtp://127.0.0.1:%d; read it: %s/api/user/ADDRESS/messages/INBOX or IMAP 127.0.0.1:%d (user ADDRESS, any password)%n",
                platform.stack().options().mail().smtp(), platform.stack().mailApi(), platform.stack().options().mail().imap());
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

    private static void token(Arguments arguments) {
        if (arguments.positional().size() != 1) {
            throw new UsageException("token needs exactly one ROLE");
        }
        String role = arguments.positional().get(0);
        if (!List.of(Roles.ORGANIZER, Roles.STAFF, Roles.KIOSK).contains(role)) {
            throw new UsageException("unknown role " + role);
        }
        String event = arguments.value("event", null);
        if (Roles.KIOSK.equals(role) && event == null) {
            throw new UsageException("a kiosk token is bound to one event: add --event EVENT_ID");
        }
        var request = TokenMinter.TokenRequest.forRole(role, event)
                .withLifetime(Duration.ofHours(arguments.intValue("hours", 12)));
        if (arguments.value("gate", null) != null) {
            request = request.withGate(arguments.value("gate", null));
        }
        if (arguments.value("subject", null) != null) {
            request = request.withSubject(arguments.value("subject", null));
        }
        // The keys live with the data, so tokens stay valid across restarts of the platform.
        KeyPairFiles keys = KeyPairFiles.jwt(dataDir(arguments).resolve("keys"));
        System.out.println(new TokenMinter(keys).mint(request));
    }

    private static void provision(Arguments arguments) {
        URI dynamoDb = URI.create(arguments.required("dynamodb-endpoint"));
        URI s3 = URI.create(arguments.required("s3-endpoint"));
        String table = arguments.value("table", TableSchema.DEFAULT_TABLE_NAME);
        String bucket = arguments.value("bucket", EmbeddedStack.DEFAULT_BUCKET);
        try (var dynamoClient = AwsClients.dynamoDb(dynamoDb); var s3Client = AwsClients.s3(s3)) {
            StackProvisioner provisioner = new StackProvisioner(dynamoClient, s3Client);
            provisioner.ensureTable(table);
            provisioner.ensureVersionedBucket(bucket);
        }
        System.out.println("provisioned table " + table + " and versioned bucket " + bucket);
    }

    private static void gateway(Arguments arguments) {
        PathRules rules = PathRules.load();
        Map<String, URI> upstreams = new LinkedHashMap<>();
        for (String upstream : arguments.values("upstream")) {
            int split = upstream.indexOf('=');
            if (split <= 0) {
                throw new UsageException("--upstream takes SERVICE=URL, got " + upstream);
            }
            String service = upstream.substring(0, split);
            if (!rules.services().containsKey(service)) {
                throw new UsageException("no service " + service + " in the path rules");
            }
            upstreams.put(service, URI.create(upstream.substring(split + 1)));
        }
        for (String service : rules.services().keySet()) {
            if (!upstreams.containsKey(service)) {
                throw new UsageException("no --upstream for " + service);
            }
        }
        Map<String, URI> readiness = new LinkedHashMap<>();
        upstreams.forEach((service, base) -> readiness.put(service, ServiceProcess.readiness(base.getHost(),
                rules.services().get(service).managementPort(), rules.services().get(service))));
        String staticOrigin = arguments.value("static", null);
        Gateway gateway = Gateway.start(gatewayHost(arguments), arguments.intValue("port", 8080), rules, upstreams,
                readiness,
                staticOrigin == null ? null : URI.create(staticOrigin));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-stop"));
        System.out.println("gateway listening on " + gatewayHost(arguments) + ":" + gateway.port() + " for " + upstreams);
    }

    /** A command line's options ({@code --name value}, repeatable) and positional words. */
    private record Arguments(Map<String, List<String>> options, List<String> positional) {

        private static final List<String> FLAGS = List.of("fresh", "expose");

        static Arguments parse(List<String> words) {
            Map<String, List<String>> options = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String word = words.get(i);
                if (!word.startsWith("--")) {
                    positional.add(word);
                    continue;
                }
                String name = word.substring(2);
                if (FLAGS.contains(name)) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (i + 1 < words.size()) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(words.get(++i));
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            }
            return new Arguments(options, positional);
        }

        boolean flag(String name) {
            return options.containsKey(name);
        }

        List<String> values(String name) {
            return options.getOrDefault(name, List.of());
        }

        String value(String name, String fallback) {
            List<String> values = values(name);
            return values.isEmpty() ? fallback : values.get(values.size() - 1);
        }

        String required(String name) {
            String value = value(name, null);
            if (value == null) {
                throw new UsageException("--" + name + " is required");
            }
            return value;
        }

        int intValue(String name, int fallback) {
            String value = value(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " takes a number, got " + value);
            }
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
