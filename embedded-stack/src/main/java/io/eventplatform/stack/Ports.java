package io.eventplatform.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks for the child processes of the stack. */
public final class Ports {

    private Ports() {
    }

    /** Where chosen ports start: well above the well-known and registered ports that daemons use. */
    private static final int LOWEST = 20_000;

    /**
     * A port nobody listens on right now, for tests that run beside other stacks. Chosen below the
     * kernel's ephemeral range: a port from that range (what binding port 0 gives) can be taken by
     * any outgoing connection before its owner starts listening on it, seconds later.
     */
    public static int free() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && below > LOWEST; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("no free loopback port", e);
        }
    }

    /** The first port the kernel hands to outgoing connections (Linux; 32768 elsewhere). */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Fails with a clear message, naming what wanted the port, when it is taken. */
    public static void requireFree(int port, String wantedBy) {
        if (port <= 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new StackException("Port " + port + " (" + wantedBy + ") is already in use. "
                    + "Stop whatever holds it (e.g. `ss -ltnp 'sport = :" + port + "'`) or choose another port.");
        }
    }

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until something accepts connections on the port, or the child died, or time is up. */
    public static void awaitListening(int port, Duration timeout, ChildProcess owner) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (isListening(port)) {
                return;
            }
            if (owner != null && !owner.isAlive()) {
                throw new StackException(owner.name() + " exited before listening on port " + port
                        + "; see " + owner.logFile());
            }
            sleep(50);
        }
        throw new StackException("nothing listened on port " + port + " within " + timeout.toSeconds() + " s"
                + (owner == null ? "" : "; see " + owner.logFile()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting", e);
        }
    }
}
