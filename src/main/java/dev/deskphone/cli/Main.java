package dev.deskphone.cli;

import dev.deskphone.app.AppDirs;
import picocli.CommandLine;

/** Process entry point: the {@code deskphone} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.system();
        // Before anything logs: logback reads the log directory when it starts.
        AppDirs dirs = AppDirs.resolve(environment.variables(), environment.userHome());
        System.setProperty("deskphone.log.dir", dirs.logs().toString());
        int exitCode = commandLine(environment).execute(args);
        System.exit(exitCode);
    }

    /** The whole command line with its error handling; tests call this and set captured out/err. */
    public static CommandLine commandLine(CliEnvironment environment) {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new DeskphoneCommand(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }
}
