package dev.deskphone.cli;

import dev.deskphone.profile.Account;
import dev.deskphone.profile.AccountDraft;
import dev.deskphone.profile.Fields;
import dev.deskphone.profile.ValidationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone account add --profile NAME --extension EXT ...}. The password comes from a file,
 * a no-echo prompt or {@code DESKPHONE_SIP_PASSWORD}: never from a flag's value, which would show
 * in the process list.
 */
@Command(
        name = "add",
        sortOptions = false,
        description = {
            "Add a SIP account (at most 6 in all).",
            "Password: --password-file FILE, or --password to be asked (no echo), or $"
                    + CliEnvironment.SIP_PASSWORD_ENV + "."
        })
final class AccountAddCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The account's PBX profile.")
    private String profile;

    @Option(names = "--extension", required = true, paramLabel = "EXT", description = "Extension (SIP user).")
    private String extension;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "Name shown to callees (default: EXT).")
    private String displayName;

    @Option(names = "--auth-username", paramLabel = "USER", description = "Digest user name (default: EXT).")
    private String authUsername;

    @ArgGroup(exclusive = true)
    private PasswordOptions password;

    static final class PasswordOptions {
        @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the SIP password.")
        Path file;

        @Option(names = "--password", arity = "0", description = "Ask for the SIP password (not echoed).")
        boolean prompt;
    }

    /** A password and where it came from, to name the source in messages. */
    private record Secret(String source, char[] value) {}

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        Secret secret = readPassword(root.environment());
        try {
            Account account = root.profileService()
                    .addAccount(new AccountDraft(profile, extension, displayName, authUsername), secret.value());
            spec.commandLine().getOut().printf("Added account %s (%s)%n", account.id(), account.displayName());
            return ExitCodes.OK;
        } catch (ValidationException e) {
            if (e.field().equals(Fields.PASSWORD)) {
                throw new UsageException(secret.source() + ": " + e.getMessage());
            }
            throw e;
        } finally {
            Arrays.fill(secret.value(), '\0');
        }
    }

    private Secret readPassword(CliEnvironment environment) {
        if (password != null && password.file != null) {
            return new Secret("--password-file", SecretInput.readFile(password.file, "--password-file"));
        }
        if (password != null && password.prompt) {
            return new Secret(
                    "--password",
                    SecretInput.prompt(
                            environment.passwordReader(),
                            "--password",
                            "SIP password for " + Account.id(profile, extension)));
        }
        String fromEnv = environment.variables().get(CliEnvironment.SIP_PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new Secret(CliEnvironment.SIP_PASSWORD_ENV, fromEnv.toCharArray());
        }
        throw new UsageException("no password: use --password-file, --password, or " + CliEnvironment.SIP_PASSWORD_ENV);
    }
}
