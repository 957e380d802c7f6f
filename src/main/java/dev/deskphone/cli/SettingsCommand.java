package dev.deskphone.cli;

import picocli.CommandLine.Command;

/** {@code deskphone settings}: the launch settings every start of the app uses (menu, links, dial, autostart). */
@Command(
        name = "settings",
        description = {
            "Set, show and unset the launch settings (what the launch flags say, kept).",
            "Set with --system (as root), a setting is locked: users can neither change it nor override it with a flag."
        },
        subcommands = {SettingsSetCommand.class, SettingsShowCommand.class, SettingsUnsetCommand.class})
final class SettingsCommand extends CommandGroup {}
