package dev.deskphone.cli;

import dev.deskphone.profile.ConfigScope;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.SettingsService;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskphone settings unset [--system] NAME...}: back to the default (or the administrator's value). */
@Command(name = "unset", description = "Remove stored launch settings, so their default applies again.")
final class SettingsUnsetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME",
            description =
                    "Settings to remove: backend, backend-token-file, outbox-capacity, wrapup-seconds, auto-answer,"
                            + " log-level, autostart.")
    private List<String> names;

    @Option(names = "--system", description = "Remove them from the system settings (as root).")
    private boolean system;

    @Override
    public Integer call() {
        Set<LaunchSetting> settings = new LinkedHashSet<>();
        for (String name : names) {
            settings.add(LaunchSetting.byKey(name)
                    .orElseThrow(() -> new UsageException(
                            "NAME: no setting '" + name + "' (settings: " + LaunchSetting.keys() + ")")));
        }
        ConfigScope scope = system ? ConfigScope.SYSTEM : ConfigScope.USER;
        SettingsService service = DeskphoneCommand.of(spec).settingsService();
        List<LaunchSetting> removed = service.unset(scope, settings);
        PrintWriter out = spec.commandLine().getOut();
        for (LaunchSetting setting : settings) {
            out.printf(
                    removed.contains(setting) ? "Unset %s in %s%n" : "%s was not set in %s%n",
                    setting.key(),
                    service.file(scope));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
