package io.eventplatform.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.eventplatform.shared.table.TableSchema;
import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.EmbeddedStack;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.StackException;

/**
 * The whole platform on one machine: the embedded stack, the three services from their jars,
 * and the gateway on one port. {@link #close()} stops every child process it started.
 */
public final class LocalPlatform implements AutoCloseable {

    /**
     * How to run it.
     *
     * @param home the repository root, where the services' jars are
     * @param dataDir data, keys and logs, kept across runs
     * @param gatewayHost the address the gateway binds: {@link Gateway#LOOPBACK} unless exposed on purpose
     * @param gatewayPort the one port clients use
     * @param dynamoDbPort DynamoDB Local's port
     * @param s3Port the S3 server's port
     * @param servicePorts each service's own port
     * @param managementPorts each service's health and metrics port
     * @param checkinInstances how many checkin-service instances run behind the gateway
     *        ({@link ChangeFeed#maxCheckinInstances()} at most)
     * @param changeFeed what the checkin-service instances read the table's changes from
     */
    public record Options(Path home, Path dataDir, String gatewayHost, int gatewayPort, int dynamoDbPort, int s3Port,
            Map<String, Integer> servicePorts, Map<String, Integer> managementPorts, int checkinInstances,
            ChangeFeed changeFeed) {

        public Options {
            if (checkinInstances < 1 || checkinInstances > changeFeed.maxCheckinInstances()) {
                throw new StackException("checkin instances must be 1 to " + changeFeed.maxCheckinInstances()
                        + " with the " + changeFeed.optionValue() + " change feed" + (changeFeed == ChangeFeed.DYNAMODB_STREAMS
                        ? ": each instance reads the stream, which serves two readers per shard (use --change-feed kinesis)"
                        : ""));
            }
        }

        /** Checkin instances reading the table's DynamoDB stream. */
        public Options(Path home, Path dataDir, String gatewayHost, int gatewayPort, int dynamoDbPort, int s3Port,
                Map<String, Integer> servicePorts, Map<String, Integer> managementPorts, int checkinInstances) {
            this(home, dataDir, gatewayHost, gatewayPort, dynamoDbPort, s3Port, servicePorts, managementPorts,
                    checkinInstances, ChangeFeed.DYNAMODB_STREAMS);
        }

        /** One instance of each service. */
        public Options(Path home, Path dataDir, String gatewayHost, int gatewayPort, int dynamoDbPort, int s3Port,
                Map<String, Integer> servicePorts, Map<String, Integer> managementPorts) {
            this(home, dataDir, gatewayHost, gatewayPort, dynamoDbPort, s3Port, servicePorts, managementPorts, 1);
        }
    }

    /**
     * The change feed the checkin-service instances read, as Terraform's {@code change_feed} pairs it
     * with their number: the table's DynamoDB stream serves two readers per shard; the Kinesis data
     * stream the table streams into ({@link KinesisDestination}) one enhanced fan-out consumer per
     * instance. Locally Kinesis is kept to six instances, the checkin group's documented maximum.
     */
    public enum ChangeFeed {
        DYNAMODB_STREAMS("dynamodb-streams", 2), KINESIS("kinesis", 6);

        private final String optionValue;
        private final int maxCheckinInstances;

        ChangeFeed(String optionValue, int maxCheckinInstances) {
            this.optionValue = optionValue;
            this.maxCheckinInstances = maxCheckinInstances;
        }

        public String optionValue() {
            return optionValue;
        }

        public int maxCheckinInstances() {
            return maxCheckinInstances;
        }
    }
    /** Further instances of a service listen this far above the first one's ports (8082, 8182; 9082, 9182). */
    static final int INSTANCE_PORT_STEP = 100;

    /**
     * One running copy of a service: {@code name} is the service's own for the first instance,
     * {@code <service>-<n>} for the n-th.
     */
    public record Instance(String service, String name, int port, int managementPort) {
    }

    /** The one service that signs tickets; the others only verify them. */
    private static final String TICKET_SIGNER = "registration-service";
    /** The one service that keeps materials in the bucket; the only one with an S3 client. */
    private static final String MATERIALS_KEEPER = "materials-service";
    /** The service that reads the change feed, fast against DynamoDB Local. */
    private static final String FEED_READER = "checkin-service";

    private final Options options;
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();
    private EmbeddedStack stack;
    private KinesisDestination kinesisDestination;
    private Gateway gateway;

    private LocalPlatform(Options options) {
        this.options = options;
    }

    /** The services' ports as the path-rule file gives them. */
    public static Map<String, Integer> defaultServicePorts(PathRules rules) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        rules.services().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ports.put(e.getKey(), e.getValue().port()));
        return ports;
    }

    /** The services' management ports as the path-rule file gives them. */
    public static Map<String, Integer> defaultManagementPorts(PathRules rules) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        rules.services().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ports.put(e.getKey(), e.getValue().managementPort()));
        return ports;
    }

    /** Starts everything and returns once every service is ready behind the gateway. */
    public static LocalPlatform start(Options options) {
        LocalPlatform platform = new LocalPlatform(options);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        PathRules rules = PathRules.load();
        // Say which port is taken before starting anything, not halfway through.
        Ports.requireFree(options.gatewayPort(), "gateway");
        options.servicePorts().forEach((service, port) -> instances.addAll(instancesOf(service, port,
                options.managementPorts().get(service))));
        for (Instance instance : instances) {
            Ports.requireFree(instance.port(), instance.name());
            Ports.requireFree(instance.managementPort(), instance.name() + " (management)");
        }
        for (String service : options.servicePorts().keySet()) {
            ServiceProcess.jar(options.home(), service);
        }
        // The gateway listens first: its port is held from here on, not merely found free, and it
        // answers 502 upstream-unavailable for each service until that service listens.
        Map<String, List<URI>> upstreams = new LinkedHashMap<>();
        Map<String, URI> readiness = new LinkedHashMap<>();
        for (Instance instance : instances) {
            upstreams.computeIfAbsent(instance.service(), s -> new ArrayList<>())
                    .add(URI.create("http://127.0.0.1:" + instance.port()));
            readiness.put(instance.name(), ServiceProcess.readiness("127.0.0.1", instance.managementPort(),
                    rules.services().get(instance.service())));
        }
        gateway = Gateway.start(options.gatewayHost(), options.gatewayPort(), rules, new Upstreams(upstreams), readiness,
                URI.create("http://127.0.0.1:" + options.s3Port() + "/" + EmbeddedStack.DEFAULT_BUCKET));
        stack = EmbeddedStack.start(new EmbeddedStack.Options(options.dataDir(), true, options.dynamoDbPort(),
                options.s3Port(), TableSchema.DEFAULT_TABLE_NAME, EmbeddedStack.DEFAULT_BUCKET,
                options.dataDir().resolve("cds")));
        if (options.changeFeed() == ChangeFeed.KINESIS) {
            kinesisDestination = KinesisDestination.start(stack, stack.logDir());
        }
        Map<String, CompletableFuture<ChildProcess>> starting = new LinkedHashMap<>();
        for (Instance instance : instances) {
            starting.put(instance.name(), CompletableFuture.supplyAsync(() -> {
                ChildProcess process = ServiceProcess.start(options.home(), instance.service(), instance.name(),
                        instance.port(), instance.managementPort(), configFor(instance.service()), stack.logDir());
                synchronized (services) {
                    services.add(process);
                }
                ServiceProcess.awaitReady(process, readiness.get(instance.name()), Duration.ofSeconds(120));
                return process;
            }));
        }
        try {
            CompletableFuture.allOf(starting.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new StackException("a service failed to start", e.getCause());
        }
    }

    private List<Instance> instancesOf(String service, int port, int managementPort) {
        int count = service.equals(FEED_READER) ? options.checkinInstances() : 1;
        List<Instance> all = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            all.add(new Instance(service, n == 0 ? service : service + "-" + (n + 1), port + n * INSTANCE_PORT_STEP,
                    managementPort + n * INSTANCE_PORT_STEP));
        }
        return all;
    }

    /** Every service instance, in start order. */
    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /**
     * Stops one instance as an Auto Scaling group stops a target (graceful shutdown: its sockets
     * close with 1001); the gateway sends new requests to the others.
     */
    public void stop(String instanceName) {
        running(instanceName).stop(30_000);
    }

    /**
     * Kills one instance with SIGKILL, as a failing or terminated host goes: no shutdown runs, so
     * its sockets get no close frame (clients see the connection drop) and in-flight requests get
     * no answer. Returns once the process and its children are gone.
     */
    public void kill(String instanceName) {
        ChildProcess process = running(instanceName);
        ProcessHandle root = ProcessHandle.of(process.pid()).orElse(null);
        if (root == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while killing " + instanceName, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new StackException(instanceName + " (pid " + handle.pid() + ") survived SIGKILL", e);
            }
        }
    }

    /**
     * Starts a stopped or killed instance again on its own ports, as an Auto Scaling group
     * replaces one, and returns once it is ready; the gateway sends it new connections again.
     */
    public void restart(String instanceName) {
        Instance instance = instances.stream().filter(i -> i.name().equals(instanceName)).findFirst()
                .orElseThrow(() -> new StackException("no instance " + instanceName));
        synchronized (services) {
            if (services.stream().anyMatch(p -> p.name().equals(instanceName))) {
                throw new StackException(instanceName + " is running");
            }
        }
        ChildProcess process = ServiceProcess.start(options.home(), instance.service(), instance.name(), instance.port(),
                instance.managementPort(), configFor(instance.service()), stack.logDir());
        synchronized (services) {
            services.add(process);
        }
        ServiceProcess.awaitReady(process, ServiceProcess.readiness("127.0.0.1", instance.managementPort(),
                PathRules.load().services().get(instance.service())), Duration.ofSeconds(120));
    }

    /** The running process of an instance, which the caller takes over from the platform. */
    private ChildProcess running(String instanceName) {
        synchronized (services) {
            ChildProcess process = services.stream().filter(p -> p.name().equals(instanceName)).findFirst()
                    .orElseThrow(() -> new StackException("no running instance " + instanceName));
            services.remove(process);
            return process;
        }
    }

    /** What every service reads, plus what only this one does: no service gets another's keys. */
    private Map<String, String> configFor(String service) {
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        // The pages and the app are served through the gateway: its origin is the app origin (CORS, socket Origin).
        config.put("quarkus.http.cors.origins",
                "http://localhost:" + gateway.port() + ",http://127.0.0.1:" + gateway.port());
        // On one machine every client (app, kiosks, ./platform demo's hundred sign-ups) is 127.0.0.1,
        // so the per-address limits that suit the internet would throttle them all as one.
        String addressLimit = switch (service) {
            case TICKET_SIGNER -> "registrations";
            case FEED_READER -> "scans";
            case MATERIALS_KEEPER -> "uploads";
            default -> null;
        };
        if (addressLimit != null) {
            config.put("rate-limit.limits." + addressLimit + ".requests", "100000");
        }
        if (service.equals(TICKET_SIGNER)) {
            config.putAll(stack.ticketSigningConfig());
            // The ticket signer renders the tickets, so it is the service that mails them.
            config.putAll(stack.mailConfig());
            config.put("notification.ticket-link", "http://localhost:" + gateway.port() + "/ticket");
            if (options.changeFeed() == ChangeFeed.DYNAMODB_STREAMS
                    && options.checkinInstances() >= ChangeFeed.DYNAMODB_STREAMS.maxCheckinInstances()) {
                // Both checkin instances take the two readers a stream shard serves: the sender sends from its sweep.
                config.put("notification.feed.enabled", "false");
            }
        }
        if (service.equals(FEED_READER)) {
            config.putAll(stack.checkinConfig());
            if (kinesisDestination != null) {
                config.putAll(kinesisDestination.checkinConfig());
            }
        }
        if (service.equals(MATERIALS_KEEPER)) {
            config.putAll(stack.materialsConfig());
            // Public materials link through the gateway's /static/, as they do through CloudFront in AWS.
            config.put("materials.cdn-base-url", "http://localhost:" + gateway.port());
        }
        return config;
    }

    public int gatewayPort() {
        return gateway.port();
    }

    /** Whether the gateway listens on every interface rather than loopback alone. */
    public boolean exposed() {
        return !Gateway.LOOPBACK.equals(options.gatewayHost());
    }

    public EmbeddedStack stack() {
        return stack;
    }

    /** The local Kinesis streaming destination, when the change feed is Kinesis. */
    public Optional<KinesisDestination> kinesisDestination() {
        return Optional.ofNullable(kinesisDestination);
    }

    /** Every child process: services first, then the stack's servers. */
    public List<ChildProcess> processes() {
        List<ChildProcess> all = new ArrayList<>(services);
        if (stack != null) {
            all.addAll(stack.processes());
        }
        return all;
    }

    @Override
    public void close() {
        List<ChildProcess> running;
        synchronized (services) {
            running = List.copyOf(services);
            services.clear();
        }
        // Services first, so none sees its table vanish while shutting down gracefully, and the
        // gateway after them, as the ALB outlives its targets: clients behind it get the services'
        // own close codes (1001 going away), not a dropped connection.
        running.parallelStream().forEach(process -> process.stop(30_000));
        if (gateway != null) {
            gateway.close();
        }
        if (kinesisDestination != null) {
            kinesisDestination.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
