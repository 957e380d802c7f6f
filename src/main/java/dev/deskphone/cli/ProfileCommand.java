package dev.deskphone.cli;

import picocli.CommandLine.Command;

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
final class ProfileCommand extends CommandGroup {}
