package dev.deskphone.cli;

import picocli.CommandLine;

/** Process entry point: the {@code deskphone} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = commandLine(CliEnvironment.system()).execute(args);
        System.exit(exitCode);
    }

    /** The whole command line with its error handling; tests call this and set captured out/err. */
    public static CommandLine commandLine(CliEnvironment environment) {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new DeskphoneCommand(environment))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }
}
