package dev.deskphone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of the server-only distribution ({@code deskphone-server}, its .deb and container
 * image): the {@code server} command and its subcommands at the top, nothing of the desktop app.
 * Its class path has no JavaFX, WebKit or libwebrtc, so nothing reachable from here may load them
 * ({@code ServerMainClasspathTest} runs it without those jars).
 */
public final class ServerMain {
    /** The logback configuration of server mode: one line per event on stdout, no log files. */
    static final String LOG_CONFIGURATION = "logback-server.xml";

    private ServerMain() {}

    public static void main(String[] args) {
        logToStdout();
        System.exit(commandLine(CliEnvironment.system()).execute(args));
    }

    /** Chooses the server's log configuration; only effective before anything logs (logback reads it once). */
    static void logToStdout() {
        System.setProperty("logback.configurationFile", LOG_CONFIGURATION);
    }

    /** {@code deskphone-server [OPTIONS]}, {@code deskphone-server token create|list|revoke}. */
    public static CommandLine commandLine(CliEnvironment environment) {
        ErrorHandler errors = new ErrorHandler();
        CommandLine commandLine = new CommandLine(new ServerCommand(environment))
                .setCommandName("deskphone-server")
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        // As under 'deskphone', where the root passes them down: --help and --version on every command.
        standardOptions(commandLine);
        return commandLine;
    }

    private static void standardOptions(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        spec.mixinStandardHelpOptions(true);
        spec.versionProvider(new VersionProvider());
        commandLine.getSubcommands().values().forEach(ServerMain::standardOptions);
    }
}
