package io.eventplatform.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Adobe S3Mock as a child process on loopback: the S3 API with bucket versioning. */
final class S3Server {

    private S3Server() {
    }

    /** Starts it on {@code port}, keeping objects under {@code storeDir} across restarts. */
    static ChildProcess start(StackBinaries binaries, int port, Path storeDir, Path logDir) {
        Ports.requireFree(port, "S3 server");
        // The TLS port is unused but always bound: give it a free one so stacks can run side by side.
        int tlsPort = Ports.free();
        List<String> arguments = List.of("-jar", binaries.s3ServerJar().toString(),
                "--server.port=" + tlsPort,
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + storeDir,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=true",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        ChildProcess process = ChildProcess.start("S3 server",
                ChildProcess.java(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), arguments),
                Map.of(), logDir.resolve("s3.log"));
        Ports.awaitListening(port, Duration.ofSeconds(90), process);
        return process;
    }
}
