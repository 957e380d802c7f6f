package dev.deskphone.cli;

import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deskphone profile list [--json]}. */
@Command(name = "list", description = "List the profiles: the administrator's (locked) and the user's.")
final class ProfileListCommand implements Callable<Integer> {
    @Mixin
    private ConfigurationView view;

    @Override
    public Integer call() {
        Configuration configuration = view.load();
        new Listing<Profile>(
                        (output, p) -> output.profile(p, configuration),
                        List.of(
                                "No profiles yet. An administrator adds one with:",
                                "  deskphone profile add NAME --server wss://pbx.example.com:8443/ws --domain pbx.example.com"),
                        new TextTable("NAME", "SERVER", "DOMAIN", "DEFAULT", "LOCKED", "ACCOUNTS"),
                        p -> new String[] {
                            p.name(),
                            p.server().toString(),
                            p.domain(),
                            configuration.isDefault(p.name()) ? "yes" : "",
                            p.locked() ? "yes" : "",
                            String.valueOf(configuration.accountsOf(p.name()).size())
                        })
                .print(view.out(), view.json, configuration.profiles());
        return ExitCodes.OK;
    }
}
