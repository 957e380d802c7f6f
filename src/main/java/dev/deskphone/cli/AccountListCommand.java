package dev.deskphone.cli;

import dev.deskphone.profile.Account;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Secrets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deskphone account list [--json]}: accounts with whether a password is stored, never the password. */
@Command(name = "list", description = "List the SIP accounts (passwords are never shown).")
final class AccountListCommand implements Callable<Integer> {
    @Mixin
    private ConfigurationView view;

    @Override
    public Integer call() {
        Configuration configuration = view.load();
        Secrets secrets = view.service().loadSecrets();
        new Listing<Account>(
                        (output, a) -> output.account(a, secrets.sipPassword(a).isPresent()),
                        List.of(
                                "No accounts yet. Add one with:",
                                "  deskphone account add --profile NAME --extension EXT --password"),
                        new TextTable("PROFILE", "EXTENSION", "DISPLAY NAME", "AUTH USERNAME", "PASSWORD"),
                        a -> new String[] {
                            a.profile(),
                            a.extension(),
                            a.displayName(),
                            a.authUsername(),
                            secrets.sipPassword(a).isPresent() ? "stored" : "missing"
                        })
                .print(view.out(), view.json, configuration.accounts());
        return ExitCodes.OK;
    }
}
