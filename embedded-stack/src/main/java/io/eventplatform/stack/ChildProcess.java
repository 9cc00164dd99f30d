package io.eventplatform.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the stack started, with its output in a log file. Stopping it stops its whole
 * process tree, so nothing outlives the stack.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} with extra environment, output appended to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
            Path logFile) {
        return start(name, command, environment, logFile, null);
    }

    /** As {@link #start(String, List, Map, Path)}, in {@code directory} (null: ours). */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
            Path logFile, Path directory) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory == null ? null : directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new StackException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The command that runs a Java main or jar with the JVM running us. */
    public static List<String> java(List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(arguments);
        return command;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM to the tree, then SIGKILL to whatever is left after the grace period. */
    public void stop(long graceMillis) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + graceMillis;
        for (ProcessHandle handle : tree) {
            long left = Math.max(1, deadline - System.currentTimeMillis());
            try {
                handle.onExit().get(left, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL to the tree, as a crash ends it (no shutdown hooks, nothing flushed), and returns once
     * every process of it has exited; a process still alive after {@code timeoutMillis} is an error.
     */
    public void kill(long timeoutMillis) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new StackException(name + " (pid " + handle.pid() + ") still runs after SIGKILL", e);
            }
        }
    }

    @Override
    public void close() {
        stop(10_000);
    }
}
