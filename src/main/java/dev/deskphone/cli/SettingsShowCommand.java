package dev.deskphone.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.settings.EffectiveSetting;
import dev.deskphone.settings.LaunchSettings;
import dev.deskphone.settings.SettingsService;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone settings show [--json]}: what a plain launch would use, and where each value comes from. */
@Command(
        name = "show",
        description = "Show the launch settings a plain start uses: value, source (user, system, default), lock.")
final class SettingsShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call() {
        SettingsService service = DeskphoneCommand.of(spec).settingsService();
        LaunchSettings settings = service.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput output = new JsonOutput();
            ObjectNode root = output.object();
            ArrayNode list = root.putArray("settings");
            for (EffectiveSetting s : settings.all()) {
                list.addObject()
                        .put("name", s.setting().key())
                        .put("value", s.value().orElse(null))
                        .put("effective", s.shown())
                        .put("source", s.source().wireName())
                        .put("locked", s.locked());
            }
            root.put("userFile", service.file(ConfigScope.USER).toString())
                    .put("systemFile", service.file(ConfigScope.SYSTEM).toString());
            output.print(out, root);
        } else {
            TextTable table = new TextTable("SETTING", "VALUE", "SOURCE", "LOCKED");
            for (EffectiveSetting s : settings.all()) {
                table.row(s.setting().key(), s.shown(), s.source().wireName(), s.locked() ? "yes (administrator)" : "");
            }
            table.print(out);
            out.println("User settings:   " + service.file(ConfigScope.USER));
            out.println("System settings: " + service.file(ConfigScope.SYSTEM) + " (locked)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
