package dev.deskphone.cli;

import dev.deskphone.profile.Account;
import dev.deskphone.profile.ConfigScope;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskphone profile remove NAME}. */
@Command(
        name = "remove",
        description = {
            "Remove a PBX profile.",
            "A profile that still has accounts is kept unless --force, which removes its accounts too."
        })
final class ProfileRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to remove.")
    private String name;

    @Option(names = "--force", description = "Also remove the profile's accounts and their passwords.")
    private boolean force;

    @Option(names = "--system", description = "Remove a locked profile from the system directory (as root).")
    private boolean system;

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        List<Account> removed =
                root.profileService().removeProfile(name, system ? ConfigScope.SYSTEM : ConfigScope.USER, force);
        spec.commandLine()
                .getOut()
                .printf(
                        "Removed profile '%s'%s%n",
                        name,
                        removed.isEmpty()
                                ? ""
                                : " and its accounts "
                                        + removed.stream().map(Account::id).collect(Collectors.joining(", ")));
        return ExitCodes.OK;
    }
}
