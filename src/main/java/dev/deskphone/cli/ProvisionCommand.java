package dev.deskphone.cli;

import picocli.CommandLine.Command;

/** {@code deskphone provision}: configuration management from one file. */
@Command(
        name = "provision",
        description = "Apply profiles, accounts and launch settings from one JSON or YAML file.",
        subcommands = {ProvisionApplyCommand.class})
final class ProvisionCommand extends CommandGroup {}
