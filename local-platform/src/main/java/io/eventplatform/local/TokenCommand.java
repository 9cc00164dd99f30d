package io.eventplatform.local;

import java.time.Duration;

import io.eventplatform.shared.auth.Roles;
import io.eventplatform.stack.KeyPairFiles;
import io.eventplatform.stack.TokenMinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./platform token ROLE}: a JWT signed with the running platform's key. */
@Command(name = "token", mixinStandardHelpOptions = true,
        header = "Print a JWT (organizer, staff or kiosk) for the running platform.",
        description = "Print a JWT for the platform, signed with the key in its data directory (so it stays valid "
                + "across restarts). A kiosk token is bound to one event and stands at one gate.",
        footer = {"", "Example: KIOSK=$(./platform token kiosk --event \"$EVENT_ID\" --gate north-1)"})
final class TokenCommand implements Runnable {

    /** The roles a local token can carry. */
    enum Role {
        organizer(Roles.ORGANIZER), staff(Roles.STAFF), kiosk(Roles.KIOSK);

        private final String claim;

        Role(String claim) {
            this.claim = claim;
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROLE", description = "organizer, staff or kiosk")
    Role role;

    @Option(names = "--event", paramLabel = "EVENT_ID", description = "the event a kiosk token is bound to (required for kiosk)")
    String event;

    @Option(names = "--gate", paramLabel = "GATE", description = "the gate a kiosk stands at (its scans are counted there)")
    String gate;

    @Option(names = "--subject", paramLabel = "NAME", description = "the token's sub (who dashboards say checked someone in)")
    String subject;

    @Option(names = "--hours", defaultValue = "12", description = "lifetime in hours (default: ${DEFAULT-VALUE})")
    int hours;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".data",
            description = "the platform's data directory, where its keys are (default: ${DEFAULT-VALUE})")
    String dataDir;

    @Override
    public void run() {
        if (role == Role.kiosk && event == null) {
            throw new ParameterException(spec.commandLine(), "a kiosk token is bound to one event: add --event EVENT_ID");
        }
        if (hours < 1) {
            throw new ParameterException(spec.commandLine(), "--hours takes a positive number, got " + hours);
        }
        var request = TokenMinter.TokenRequest.forRole(role.claim, event).withLifetime(Duration.ofHours(hours));
        if (gate != null) {
            request = request.withGate(gate);
        }
        if (subject != null) {
            request = request.withSubject(subject);
        }
        KeyPairFiles keys = KeyPairFiles.jwt(LocalPlatformCommand.dataDir(dataDir).resolve("keys"));
        spec.commandLine().getOut().println(new TokenMinter(keys).mint(request));
    }
}
