package dev.deskphone.cli;

import picocli.CommandLine.Command;

/** {@code deskphone account}: the group of SIP account commands. */
@Command(
        name = "account",
        description = "Add, list and remove SIP accounts (at most 6).",
        subcommands = {AccountAddCommand.class, AccountListCommand.class, AccountRemoveCommand.class})
final class AccountCommand extends CommandGroup {}
