package dev.deskphone.cli;

import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.ProfileService;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the commands that show the configuration share ({@code profile list}, {@code profile show},
 * {@code account list}): {@code --json}, never with a secret, and the configuration this command
 * line names, its warnings printed.
 */
final class ConfigurationView {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (no secrets).")
    boolean json;

    private ProfileService service;

    /** The configuration's files, as this command line names them. */
    ProfileService service() {
        if (service == null) {
            service = DeskphoneCommand.of(spec).profileService();
        }
        return service;
    }

    /** The configuration, its warnings printed on stderr. */
    Configuration load() {
        return DeskphoneCommand.of(spec).loadConfiguration(service());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
