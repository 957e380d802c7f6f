package dev.deskphone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deskphone profile}: the group of PBX profile commands. */
@Command(
        name = "profile",
        description = "Add, list, show and remove PBX profiles.",
        subcommands = {
            ProfileAddCommand.class,
            ProfileListCommand.class,
            ProfileShowCommand.class,
            ProfileRemoveCommand.class
        })
final class ProfileCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "profile: missing subcommand (add, list, show or remove; see 'deskphone profile --help')");
    }
}
