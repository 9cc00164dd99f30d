package io.eventplatform.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.StackException;
import io.eventplatform.stack.TokenMinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./platform demo}: a sample event on the running platform, and links to click. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Fill the running platform with a sample event and print links to click.",
        description = "On the running platform (./platform run), create a sample event with questions and two gates, "
                + "100 registrations, check-ins at both gates, and a public and a checked-in-only material, all "
                + "through the public APIs behind the gateway. Prints links to the dashboard and the kiosk app "
                + "with their tokens filled in, and the variables the docs' examples use as export lines, which it"
                + " also writes to DATA_DIR/demo.env (source .data/demo.env). Each run makes a new event.")
final class DemoCommand implements Runnable {

    /** Where the docs' variables are written, inside the data directory. */
    static final String ENV_FILE = "demo.env";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "the gateway's port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".data",
            description = "the platform's data directory, where its keys are (default: ${DEFAULT-VALUE})")
    String dataDir;

    @Override
    public void run() {
        URI base = URI.create("http://localhost:" + LocalPlatformCommand.port(spec, "--port", port));
        Path data = LocalPlatformCommand.dataDir(dataDir);
        KeyPairFiles keys = KeyPairFiles.jwt(data.resolve("keys"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Creating a sample event on " + base + " ...");
        out.flush();
        SampleEvent.Result demo = new SampleEvent(base, new TokenMinter(keys)).create();
        Path envFile = data.resolve(ENV_FILE);
        try {
            Files.write(envFile, demo.exports());
        } catch (IOException e) {
            throw new StackException("cannot write " + envFile + ": " + e.getMessage(), e);
        }
        out.printf("%n\"%s\" (%s): %d registrations, %d checked in (%s), 2 materials published.%n", demo.eventName(),
                demo.eventId(), demo.registrations(),
                demo.checkInsByGate().values().stream().mapToInt(Integer::intValue).sum(),
                demo.checkInsByGate().toString().replaceAll("[{}]", ""));
        out.printf("  Staff dashboard   %s/dashboard/#event=%s&token=%s%n", base, demo.eventId(), demo.staff());
        out.printf("  Door kiosk app    %s/kiosk/#token=%s%n", base, demo.kiosk());
        out.printf("                    (paired with gate %s; scan %s's ticket: already checked in)%n",
                SampleEvent.GATES.get(0), demo.checkedInAttendee());
        out.printf("  Public material   %s/api/materials/events/%s/materials%n", base, demo.eventId());
        out.printf("  Registrations     %s/api/registration/swagger-ui/  (authorize with $ORGANIZER)%n", base);
        out.printf("%nThe docs' examples use these variables (%s is checked in; %s is registered, not yet in).%n",
                demo.checkedInAttendee(), demo.waitingAttendee());
        out.printf("Paste them into your shell, or: source %s%n", displayPath(envFile));
        demo.exports().forEach(out::println);
    }

    private static String displayPath(Path file) {
        Path home = LocalPlatformCommand.home();
        return file.startsWith(home) ? home.relativize(file).toString() : file.toString();
    }
}
