package dev.deskphone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deskphone account}: the group of SIP account commands. */
@Command(
        name = "account",
        description = "Add, list and remove SIP accounts (at most 6).",
        subcommands = {AccountAddCommand.class, AccountListCommand.class, AccountRemoveCommand.class})
final class AccountCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "account: missing subcommand (add, list or remove; see 'deskphone account --help')");
    }
}
