package io.eventplatform.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
     */
    public record Options(Path home, Path dataDir, String gatewayHost, int gatewayPort, int dynamoDbPort, int s3Port,
            Map<String, Integer> servicePorts, Map<String, Integer> managementPorts) {
    }

    /** The one service that signs tickets; the others only verify them. */
    private static final String TICKET_SIGNER = "registration-service";
    /** The one service that keeps materials in the bucket; the only one with an S3 client. */
    private static final String MATERIALS_KEEPER = "materials-service";
    /** The service that reads the change feed, fast against DynamoDB Local. */
    private static final String FEED_READER = "checkin-service";

    private final Options options;
    private final List<ChildProcess> services = new ArrayList<>();
    private EmbeddedStack stack;
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
        options.servicePorts().forEach((service, port) -> Ports.requireFree(port, service));
        options.managementPorts().forEach((service, port) -> Ports.requireFree(port, service + " (management)"));
        for (String service : options.servicePorts().keySet()) {
            ServiceProcess.jar(options.home(), service);
        }
        // The gateway listens first: its port is held from here on, not merely found free, and it
        // answers 502 upstream-unavailable for each service until that service listens.
        Map<String, URI> upstreams = new LinkedHashMap<>();
        Map<String, URI> readiness = new LinkedHashMap<>();
        options.servicePorts().forEach((service, port) -> {
            upstreams.put(service, URI.create("http://127.0.0.1:" + port));
            readiness.put(service, ServiceProcess.readiness("127.0.0.1", options.managementPorts().get(service),
                    rules.services().get(service)));
        });
        gateway = Gateway.start(options.gatewayHost(), options.gatewayPort(), rules, upstreams, readiness,
                URI.create("http://127.0.0.1:" + options.s3Port() + "/" + EmbeddedStack.DEFAULT_BUCKET));
        stack = EmbeddedStack.start(new EmbeddedStack.Options(options.dataDir(), true, options.dynamoDbPort(),
                options.s3Port(), TableSchema.DEFAULT_TABLE_NAME, EmbeddedStack.DEFAULT_BUCKET,
                options.dataDir().resolve("cds")));
        Map<String, CompletableFuture<ChildProcess>> starting = new LinkedHashMap<>();
        options.servicePorts().forEach((service, port) -> starting.put(service, CompletableFuture.supplyAsync(() -> {
            ChildProcess process = ServiceProcess.start(options.home(), service, port,
                    options.managementPorts().get(service), configFor(service), stack.logDir());
            synchronized (services) {
                services.add(process);
            }
            ServiceProcess.awaitReady(process, readiness.get(service), Duration.ofSeconds(120));
            return process;
        })));
        try {
            CompletableFuture.allOf(starting.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new StackException("a service failed to start", e.getCause());
        }
    }

    /** What every service reads, plus what only this one does: no service gets another's keys. */
    private Map<String, String> configFor(String service) {
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        // The pages and the app are served through the gateway: its origin is the app origin (CORS, socket Origin).
        config.put("quarkus.http.cors.origins",
                "http://localhost:" + gateway.port() + ",http://127.0.0.1:" + gateway.port());
        if (service.equals(TICKET_SIGNER)) {
            config.putAll(stack.ticketSigningConfig());
        }
        if (service.equals(FEED_READER)) {
            config.putAll(stack.checkinConfig());
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
        if (gateway != null) {
            gateway.close();
        }
        List<ChildProcess> running;
        synchronized (services) {
            running = List.copyOf(services);
            services.clear();
        }
        // Services first, so none sees its table vanish while shutting down gracefully.
        running.parallelStream().forEach(process -> process.stop(30_000));
        if (stack != null) {
            stack.close();
        }
    }
}
