package dev.deskphone.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The top command of a command line: {@code deskphone} ({@link DeskphoneCommand}) or, in the
 * server-only distribution, {@code deskphone-server} ({@link ServerCommand} run by {@link ServerMain}).
 * Subcommands reach the process environment through it, without naming the desktop's root command
 * (which loads the app and with it JavaFX).
 */
interface CommandRoot {
    CliEnvironment environment();

    /** The root of the command line the given (sub)command belongs to. */
    static CommandRoot of(CommandSpec anyCommand) {
        return (CommandRoot) anyCommand.root().userObject();
    }
}
