package dev.deskphone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deskphone provision}: configuration management from one file. */
@Command(
        name = "provision",
        description = "Apply profiles, accounts and launch settings from one JSON or YAML file.",
        subcommands = {ProvisionApplyCommand.class})
final class ProvisionCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "provision: missing subcommand (apply; see 'deskphone provision --help')");
    }
}
