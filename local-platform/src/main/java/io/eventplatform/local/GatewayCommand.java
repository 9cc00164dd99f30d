package io.eventplatform.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./platform gateway}: the path-rule gateway alone, in front of services running elsewhere. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        header = "Run the path-rule gateway alone, in front of services elsewhere (docker-compose).",
        description = "Run the path-rule gateway alone (deploy/contract/path-rules.json) in front of services running "
                + "elsewhere (docker-compose). Each service's readiness is checked on its URL's host at its "
                + "management port.")
final class GatewayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--expose", description = {"bind to every interface (the LAN reaches it);",
            "by default only this machine does (127.0.0.1)"})
    boolean expose;

    @Option(names = "--port", defaultValue = "8080", description = "the gateway's port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--upstream", required = true, paramLabel = "SERVICE=URL",
            description = "where a service of the path rules runs; one for each service")
    Map<String, URI> upstreams = new LinkedHashMap<>();

    @Option(names = "--static", paramLabel = "URL", description = "the bucket's origin for /static/ (optional)")
    URI staticOrigin;

    @Override
    public void run() {
        PathRules rules = PathRules.load();
        for (String service : upstreams.keySet()) {
            if (!rules.services().containsKey(service)) {
                throw new ParameterException(spec.commandLine(), "no service " + service + " in the path rules "
                        + rules.services().keySet());
            }
        }
        for (String service : rules.services().keySet()) {
            if (!upstreams.containsKey(service)) {
                throw new ParameterException(spec.commandLine(), "no --upstream for " + service);
            }
        }
        Map<String, URI> readiness = new LinkedHashMap<>();
        upstreams.forEach((service, base) -> readiness.put(service, ServiceProcess.readiness(base.getHost(),
                rules.services().get(service).managementPort(), rules.services().get(service))));
        String host = expose ? Gateway.ALL_INTERFACES : Gateway.LOOPBACK;
        Gateway gateway = Gateway.start(host, LocalPlatformCommand.port(spec, "--port", port), rules, upstreams,
                readiness, staticOrigin);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-stop"));
        System.out.println("gateway listening on " + host + ":" + gateway.port() + " for " + upstreams);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
