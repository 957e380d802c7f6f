package dev.deskphone.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.deskphone.profile.Account;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.Secrets;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone account list [--json]}: accounts with whether a password is stored, never the password. */
@Command(name = "list", description = "List the SIP accounts (passwords are never shown).")
final class AccountListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (no secrets).")
    private boolean json;

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        ProfileService service = root.profileService();
        Configuration configuration = root.loadConfiguration(service);
        Secrets secrets = service.loadSecrets();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput output = new JsonOutput();
            ArrayNode accounts = output.array();
            configuration
                    .accounts()
                    .forEach(a -> accounts.add(
                            output.account(a, secrets.sipPassword(a).isPresent())));
            output.print(out, accounts);
        } else if (configuration.accounts().isEmpty()) {
            out.println("No accounts yet. Add one with:");
            out.println("  deskphone account add --profile NAME --extension EXT --password");
            out.flush();
        } else {
            TextTable table = new TextTable("PROFILE", "EXTENSION", "DISPLAY NAME", "AUTH USERNAME", "PASSWORD");
            for (Account a : configuration.accounts()) {
                table.row(
                        a.profile(),
                        a.extension(),
                        a.displayName(),
                        a.authUsername(),
                        secrets.sipPassword(a).isPresent() ? "stored" : "missing");
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
