package io.eventplatform.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.Ports;
import io.eventplatform.stack.QuarkusJar;
import io.eventplatform.stack.StackException;

/** One Quarkus service of the platform, run from its packaged jar as a child process. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ServiceProcess() {
    }

    /** The packaged service: {@code <home>/<service>/target/quarkus-app/quarkus-run.jar}. */
    static Path jar(Path home, String service) {
        Path jar = home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StackException(service + " is not built (" + jar + " is missing). "
                    + "Build first: ./mvnw -DskipTests package");
        }
        return jar;
    }

    /** Starts the service with its configuration as system properties, health and metrics on {@code managementPort}. */
    static ChildProcess start(Path home, String service, int port, int managementPort, Map<String, String> config,
            Path logDir) {
        return start(home, service, service, port, managementPort, config, logDir);
    }

    /** As above, for one of several instances of {@code service}: {@code instance} names its process and log. */
    static ChildProcess start(Path home, String service, String instance, int port, int managementPort,
            Map<String, String> config, Path logDir) {
        Ports.requireFree(port, instance);
        Ports.requireFree(managementPort, instance + " (management)");
        Path jar = jar(home, service);
        // C1 alone: on a laptop the platform should be up fast; C2 compiling competes with five
        // JVMs starting on a few cores, and peak speed is what the services' benchmarks measure.
        List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort, "-Dquarkus.management.host=127.0.0.1"));
        config.forEach((key, value) -> jvm.add("-D" + key + "=" + value));
        return new QuarkusJar(jar).start(instance, jvm, logDir.resolve(instance + ".log"));
    }

    /** The readiness URL of a service whose management interface is on {@code managementPort}. */
    static URI readiness(String host, int managementPort, PathRules.Service service) {
        return URI.create("http://" + host + ":" + managementPort + service.healthPath());
    }

    /** Waits until {@code ready} answers 200. */
    static void awaitReady(ChildProcess process, URI ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new StackException(process.name() + " exited during startup; see " + process.logFile());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + process.name());
            }
            sleep();
        }
        throw new StackException(process.name() + " was not ready within " + timeout.toSeconds()
                + " s; see " + process.logFile());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
