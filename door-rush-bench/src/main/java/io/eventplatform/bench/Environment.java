package io.eventplatform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/** What the numbers were measured on: cores, JVM, kernel, load, open-file limit, commit. */
final class Environment {

    private Environment() {
    }

    static JsonObject describe(Path home, List<String> serviceJvm, DoorRushCommand.Options options) {
        return new JsonObject()
                .put("date", Instant.now().toString())
                .put("nproc", Runtime.getRuntime().availableProcessors())
                .put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name").replaceFirst(".*:\\s*", ""))
                .put("memTotal", firstMatch(Path.of("/proc/meminfo"), "MemTotal").replaceFirst(".*:\\s*", ""))
                .put("kernel", System.getProperty("os.version"))
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("serviceJvm", String.join(" ", serviceJvm))
                .put("loadAverage", read(Path.of("/proc/loadavg")).trim())
                .put("openFilesLimit", firstMatch(Path.of("/proc/self/limits"), "Max open files")
                        .replaceAll("\\s+", " ").trim())
                .put("commit", command(home, "git", "describe", "--always", "--dirty"))
                .put("quick", options.quick())
                .put("checkinInstances", options.checkinInstances())
                .put("busyBeforeStartPercent", LoadClient.round(ProcStats.machineBusyPercent(2000), 1));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static String firstMatch(Path file, String prefix) {
        return read(file).lines().filter(line -> line.startsWith(prefix)).findFirst().orElse("?");
    }

    private static String command(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
