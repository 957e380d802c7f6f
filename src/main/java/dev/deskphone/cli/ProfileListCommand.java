package dev.deskphone.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone profile list [--json]}. */
@Command(name = "list", description = "List the profiles: the administrator's (locked) and the user's.")
final class ProfileListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (no secrets).")
    private boolean json;

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        Configuration configuration = root.loadConfiguration(root.profileService());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput output = new JsonOutput();
            ArrayNode profiles = output.array();
            configuration.profiles().forEach(p -> profiles.add(output.profile(p, configuration)));
            output.print(out, profiles);
        } else if (configuration.profiles().isEmpty()) {
            out.println("No profiles yet. An administrator adds one with:");
            out.println("  deskphone profile add NAME --server wss://pbx.example.com:8443/ws --domain pbx.example.com");
            out.flush();
        } else {
            TextTable table = new TextTable("NAME", "SERVER", "DOMAIN", "DEFAULT", "LOCKED", "ACCOUNTS");
            for (Profile p : configuration.profiles()) {
                table.row(
                        p.name(),
                        p.server().toString(),
                        p.domain(),
                        configuration.isDefault(p.name()) ? "yes" : "",
                        p.locked() ? "yes" : "",
                        String.valueOf(configuration.accountsOf(p.name()).size()));
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
