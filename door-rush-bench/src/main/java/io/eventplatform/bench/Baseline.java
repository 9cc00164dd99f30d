package io.eventplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.eventplatform.stack.ChildProcess;
import io.eventplatform.stack.StackException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The bare Vert.x fan-out harness ({@code ../shared/bench/ws-baseline}), run in the same sitting:
 * copied to a temporary directory, built there, its {@code BenchServer} and {@code LoadClient} run
 * on 1,000 sockets at 25 and 100 broadcasts/s; what we take from it is the server's CPU per delivery.
 */
final class Baseline {

    private final Path home;
    private final Path out;
    private final DoorRushCommand.Options options;

    Baseline(Path home, Path out, DoorRushCommand.Options options) {
        this.home = home;
        this.out = out;
        this.options = options;
    }

    /** Where the harness lives: {@code --baseline DIR}, else {@code ../shared/bench/ws-baseline} from the repository root. */
    private Path source() {
        if (options.baseline() != null) {
            return Path.of(options.baseline()).toAbsolutePath();
        }
        return home.resolve("../shared/bench/ws-baseline").normalize();
    }

    JsonObject run(Consumer<ChildProcess> track, Consumer<ChildProcess> untrack) {
        if ("none".equals(options.baseline())) {
            return new JsonObject().put("skipped", "--baseline none");
        }
        Path source = source();
        if (!Files.isRegularFile(source.resolve("pom.xml"))) {
            System.out.println("Baseline harness not found at " + source + "; skipped");
            return new JsonObject().put("skipped", "not found at " + source);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ws-baseline-");
            copy(source, dir);
            System.out.println("Building the ws-baseline harness (copy in " + dir + ")...");
            if (exec(track, untrack, "baseline-build", dir, List.of("mvn", "-B", "-q", "-o", "package")) != 0
                    && exec(track, untrack, "baseline-build", dir, List.of("mvn", "-B", "-q", "package")) != 0) {
                return new JsonObject().put("skipped", "its build failed; see logs/baseline-build.log");
            }
            int port = options.portBase() + 3;
            String classpath = dir.resolve("target/classes") + ":" + dir.resolve("target/lib") + "/*";
            ChildProcess server = ChildProcess.start("baseline-server", ChildProcess.java(List.of("-Xmx512m", "-cp", classpath,
                    "-Dport=" + port), List.of("bench.wslimit.BenchServer")), Map.of(), out.resolve("logs/baseline-server.log"));
            track.accept(server);
            try {
                awaitLine(server, "READY");
                Path json = out.resolve("baseline.json");
                List<String> args = List.of("bench.wslimit.LoadClient", "--port=" + port, "--serverPid=" + server.pid(),
                        "--scenarios=B-sweep", "--sweep=25,100", "--quick=" + options.quick(), "--retries=0",
                        "--quietWaitS=3", "--out=" + json);
                System.out.println("Running the baseline: 1,000 sockets at 25 and 100 broadcasts/s...");
                ChildProcess client = ChildProcess.start("baseline-client", ChildProcess.java(List.of("-Xmx1g",
                        "-Dclk.tck=" + ProcStats.CLK_TCK, "-cp", classpath), args), Map.of(),
                        out.resolve("logs/baseline-client.log"));
                track.accept(client);
                while (client.isAlive()) {
                    DoorRushCommand.sleep(200);
                }
                untrack.accept(client);
                if (!Files.isRegularFile(json)) {
                    return new JsonObject().put("skipped", "its client failed; see logs/baseline-client.log");
                }
                return summarise(new JsonArray(Files.readString(json)), source);
            } finally {
                server.stop(10_000);
                untrack.accept(server);
            }
        } catch (IOException | RuntimeException e) {
            return new JsonObject().put("skipped", "failed: " + e.getMessage());
        } finally {
            delete(dir);
        }
    }

    /** Per broadcast rate: server CPU µs per delivery (send window plus drain), latency, other processes' CPU. */
    static JsonObject summarise(JsonArray results, Path source) {
        JsonObject rates = new JsonObject();
        for (Object o : results) {
            JsonObject r = (JsonObject) o;
            if (!"B-sweep".equals(r.getString("scenario")) || r.getBoolean("warmup", false) || !r.containsKey("cpuWithDrain")) {
                continue;
            }
            JsonObject cpu = r.getJsonObject("cpuWithDrain");
            long received = r.getLong("received");
            double micros = cpu.getDouble("serverPct") / 100.0 * cpu.getDouble("seconds") * 1e6;
            JsonObject latency = r.getJsonObject("latencyUs");
            rates.put(String.valueOf(r.getInteger("rate")), new JsonObject()
                    .put("sockets", r.getInteger("sockets")).put("deliveries", received)
                    .put("cpuMicrosPerDelivery", received == 0 ? null : LoadClient.round(micros / received, 2))
                    .put("p50Micros", latency.getLong("p50")).put("p99Micros", latency.getLong("p99"))
                    .put("otherProcessesPercentOfCore", r.getJsonObject("cpuWindow").getDouble("otherProcessesPct")));
        }
        return new JsonObject().put("source", source.toString()).put("rates", rates);
    }

    private int exec(Consumer<ChildProcess> track, Consumer<ChildProcess> untrack, String name, Path dir, List<String> command)
            throws IOException {
        List<String> line = new java.util.ArrayList<>(command);
        line.add("-f");
        line.add(dir.resolve("pom.xml").toString());
        ChildProcess process;
        try {
            process = ChildProcess.start(name, line, Map.of(), out.resolve("logs/" + name + ".log"));
        } catch (StackException e) {
            return 127; // no mvn on the PATH
        }
        track.accept(process);
        while (process.isAlive()) {
            DoorRushCommand.sleep(200);
        }
        untrack.accept(process);
        return Files.isRegularFile(dir.resolve("target/classes/bench/wslimit/BenchServer.class"))
                && Files.isDirectory(dir.resolve("target/lib")) ? 0 : 1;
    }

    private static void awaitLine(ChildProcess process, String prefix) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(process.logFile())
                    && Files.readAllLines(process.logFile()).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new StackException("the baseline server exited; see " + process.logFile());
            }
            DoorRushCommand.sleep(100);
        }
        throw new StackException("the baseline server did not start in 30 s");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
