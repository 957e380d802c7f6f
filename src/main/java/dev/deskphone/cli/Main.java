package dev.deskphone.cli;

import dev.deskphone.app.AppDirs;
import dev.deskphone.app.ToolkitStart;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Process entry point: the {@code deskphone} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliEnvironment environment = CliEnvironment.system();
        ToolkitStart toolkits = new ToolkitStart(environment.variables());
        boolean windowLaunch = WindowLaunch.likely(args, environment.variables());
        if (windowLaunch) {
            logToAppLog(environment);
            // JavaFX's start (~0.5 s) alongside the command line's own, not after it.
            toolkits.begin();
        }
        // Its error handling comes after the log directory is set (the handler's logger starts logback).
        CommandLine commandLine = model(environment, toolkits, windowLaunch);
        // Before anything logs: logback reads its configuration and the log directory when it starts.
        // 'deskphone server' logs as the server distribution does, to stdout; the app to its files.
        if (selectsServer(commandLine.getCommandSpec(), args)) {
            ServerMain.logToStdout();
        } else {
            logToAppLog(environment);
        }
        int exitCode = withErrorHandling(commandLine).execute(args);
        System.exit(exitCode);
    }

    private static void logToAppLog(CliEnvironment environment) {
        AppDirs dirs = AppDirs.resolve(environment.variables(), environment.userHome());
        System.setProperty("deskphone.log.dir", dirs.logs().toString());
    }

    /**
     * True if {@code args} run {@code deskphone server} (or one of its subcommands): the first argument
     * that is neither an option of the root command nor the value of one is {@code server}. Read
     * from the command model without parsing, since parsing applies {@code --log-level} and so
     * starts logging before its configuration is chosen.
     */
    static boolean selectsServer(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return false;
            }
            if (arg.startsWith("-")) {
                int equals = arg.indexOf('=');
                OptionSpec option = root.findOption(equals < 0 ? arg : arg.substring(0, equals));
                if (option != null && equals < 0 && option.arity().min() > 0) {
                    i++; // its value, e.g. --profile server
                }
                continue;
            }
            return arg.equals("server");
        }
        return false;
    }

    /** The whole command line with its error handling; tests call this and set captured out/err. */
    public static CommandLine commandLine(CliEnvironment environment) {
        return withErrorHandling(model(environment, new ToolkitStart(environment.variables()), false));
    }

    /**
     * The model of the commands, built once: of the root alone for a launch of the window (the
     * subcommands' models are the larger part of the command line's start), else of every command.
     */
    static CommandLine model(CliEnvironment environment, ToolkitStart toolkits, boolean windowLaunch) {
        CommandLine root = new CommandLine(new DeskphoneCommand(environment, toolkits));
        return windowLaunch ? root : withSubcommands(root);
    }

    private static CommandLine withSubcommands(CommandLine root) {
        DeskphoneCommand.SUBCOMMANDS.forEach(root::addSubcommand);
        return root;
    }

    private static CommandLine withErrorHandling(CommandLine commandLine) {
        ErrorHandler errors = new ErrorHandler();
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }
}
