package dev.deskphone.cli;

import dev.deskphone.profile.ConfigScope;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.SettingsService;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone settings set [--system] --backend URL ...}: stores launch settings. */
@Command(
        name = "set",
        sortOptions = false,
        description = {
            "Store launch settings: every start of the app uses them.",
            "Values are checked as the launch flags are; --backend and --backend-token-file go together."
        })
final class SettingsSetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private LaunchFlags flags = new LaunchFlags();

    @Option(
            names = "--autostart",
            paramLabel = "on|off",
            description =
                    "Start Deskphone when the user logs in (an XDG autostart entry; with --system, for every user).")
    private String autostart;

    @Option(names = "--system", description = "Set them for every user of this computer, locked (as root).")
    private boolean system;

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        Map<LaunchSetting, String> values = new EnumMap<>(LaunchSetting.class);
        values.putAll(flags.given());
        // --log-level is the root command's, inherited by every subcommand: stored only when given after
        // 'set' (before it, it is this command's own log level).
        if (spec.commandLine().getParseResult().hasMatchedOption("--log-level")) {
            values.put(LaunchSetting.LOG_LEVEL, root.launchFlags().given().get(LaunchSetting.LOG_LEVEL));
        }
        if (autostart != null) {
            values.put(LaunchSetting.AUTOSTART, autostart);
        }
        if (values.isEmpty()) {
            throw new UsageException(
                    "settings set: give at least one setting, e.g. --backend URL --backend-token-file FILE"
                            + " (see 'deskphone settings set --help')");
        }
        ConfigScope scope = system ? ConfigScope.SYSTEM : ConfigScope.USER;
        SettingsService settings = root.settingsService();
        settings.set(scope, values);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Set %s in %s%s%n",
                String.join(
                        ", ", values.keySet().stream().map(LaunchSetting::key).toList()),
                settings.file(scope),
                system ? " (locked for every user)" : "");
        if (values.containsKey(LaunchSetting.AUTOSTART)) {
            out.printf(
                    "Autostart entry %s: %s%n",
                    "on".equalsIgnoreCase(autostart.strip()) ? "written" : "removed",
                    settings.autostart().entry(scope));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
