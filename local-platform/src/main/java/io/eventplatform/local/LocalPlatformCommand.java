package io.eventplatform.local;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

import io.eventplatform.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./platform}: the launcher's command line. {@code run} the whole platform, fill it with a
 * {@code demo}, mint a {@code token}, and for docker-compose {@code provision} a table and bucket
 * or run the {@code gateway} alone. {@code test} and {@code bench} run from the script itself; they
 * are here so that {@code --help} describes every command.
 *
 * <p>Exit codes: 0 done, 1 the platform failed (a taken port, nothing answering), 2 a usage error.
 */
@Command(name = "./platform", mixinStandardHelpOptions = true, version = "event platform 1.0.0",
        description = "The event platform on one machine, no Docker and no AWS account.",
        subcommands = {RunCommand.class, DemoCommand.class, TokenCommand.class, ScriptCommands.Test.class,
                ScriptCommands.Bench.class, ProvisionCommand.class, GatewayCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "./platform COMMAND --help describes a command. Exit codes: 0 done, 1 failed, 2 usage error."})
public final class LocalPlatformCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the project's conventions: no empty values, {@code error:} lines, exit 2 on bad usage. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LocalPlatformCommand());
        // Every string value, whatever the option: an empty --event makes a token every socket refuses.
        commandLine.registerConverter(String.class, nonBlank());
        commandLine.registerConverter(URI.class, absoluteUrl());
        commandLine.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.print(e.getCommandLine().getUsageMessage());
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof StackException) {
                failed.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    static ITypeConverter<String> nonBlank() {
        return value -> {
            if (value.isBlank()) {
                throw new TypeConversionException("must not be empty");
            }
            return value;
        };
    }

    static ITypeConverter<URI> absoluteUrl() {
        return value -> {
            URI url;
            try {
                url = new URI(value);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("not a URL: " + e.getMessage());
            }
            if (url.getScheme() == null || url.getHost() == null) {
                throw new TypeConversionException("expected an absolute URL such as http://localhost:8081, got '" + value + "'");
            }
            return url;
        };
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /** The platform's home (the repository root), as the script passes it. */
    static Path home() {
        return Path.of(System.getProperty("platform.home", ".")).toAbsolutePath().normalize();
    }

    /** {@code --data-dir}, relative to the home. */
    static Path dataDir(String dataDir) {
        return home().resolve(dataDir).normalize();
    }

    /** A port option's value: 1-65535. */
    static int port(CommandSpec spec, String option, int port) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " takes a port (1-65535), got " + port);
        }
        return port;
    }
}
