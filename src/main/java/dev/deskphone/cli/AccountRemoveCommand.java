package dev.deskphone.cli;

import dev.deskphone.profile.Account;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone account remove --profile NAME --extension EXT}. */
@Command(name = "remove", description = "Remove a SIP account and its stored password.")
final class AccountRemoveCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The account's profile.")
    private String profile;

    @Option(names = "--extension", required = true, paramLabel = "EXT", description = "The account's extension.")
    private String extension;

    @Override
    public Integer call() {
        Account removed = DeskphoneCommand.of(spec).profileService().removeAccount(profile, extension);
        spec.commandLine().getOut().printf("Removed account %s%n", removed.id());
        return ExitCodes.OK;
    }
}
