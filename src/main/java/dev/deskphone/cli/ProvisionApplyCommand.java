package dev.deskphone.cli;

import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.ProfileService.Plan;
import dev.deskphone.profile.ValidationException;
import dev.deskphone.settings.InvalidSettingException;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.SettingsService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone provision apply FILE [--dry-run] [--system]}: makes the configuration hold what
 * the file says, through the services {@code profile add}, {@code account add} and {@code settings
 * set} use. Idempotent: what already matches is left untouched. Everything is checked (and every
 * password file read) before anything is written.
 */
@Command(
        name = "apply",
        description = {
            "Add or change the file's profiles, accounts and launch settings.",
            "What already matches is left as it is; what the file does not name is kept. Nothing is written when any entry is refused."
        })
final class ProvisionApplyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A JSON or YAML provisioning file (see deployment.md).")
    private Path file;

    @Option(names = "--dry-run", description = "Print what would change; write nothing.")
    private boolean dryRun;

    @Option(names = "--system", description = "Profiles and settings for every user, locked (as root); no accounts.")
    private boolean system;

    /** One change: what it is, what it does, and the write. */
    private record Step(String what, Plan plan, Runnable apply) {}

    @Override
    public Integer call() {
        ProvisionFile wanted = ProvisionFile.read(file);
        if (system && !wanted.accounts().isEmpty()) {
            throw new UsageException(
                    file + ": accounts are each agent's own: apply them without --system, as the agent");
        }
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        ConfigScope scope = system ? ConfigScope.SYSTEM : ConfigScope.USER;
        ProfileService profiles = root.profileService();
        SettingsService settings = root.settingsService();
        List<char[]> secrets = new ArrayList<>();
        try {
            List<Step> steps = plan(wanted, scope, profiles, settings, secrets);
            PrintWriter out = spec.commandLine().getOut();
            for (Step step : steps) {
                if (!dryRun && step.plan() != Plan.UNCHANGED) {
                    step.apply().run();
                }
                out.println(step.what() + ": " + describe(step.plan()));
            }
            out.flush();
            return ExitCodes.OK;
        } finally {
            secrets.forEach(secret -> Arrays.fill(secret, '\0'));
        }
    }

    private List<Step> plan(
            ProvisionFile wanted,
            ConfigScope scope,
            ProfileService profiles,
            SettingsService settings,
            List<char[]> secrets) {
        List<Step> steps = new ArrayList<>();
        Set<String> profileNames = new HashSet<>(
                profiles.load().profiles().stream().map(Profile::name).toList());
        for (ProvisionFile.ProfileEntry entry : wanted.profiles()) {
            char[] password = entry.turnPasswordFile() == null
                    ? null
                    : remember(
                            secrets,
                            SecretInput.readFile(entry.turnPasswordFile(), entry.where() + ": turn-password-file"));
            Plan plan = checked(entry.where(), () -> profiles.planProfile(entry.draft(), password, scope));
            profileNames.add(entry.draft().name());
            steps.add(new Step(
                    "profile " + entry.draft().name(),
                    plan,
                    () -> profiles.addProfile(
                            plan == Plan.ADD ? entry.draft() : entry.draft().replacing(), password, scope)));
        }
        for (ProvisionFile.AccountEntry entry : wanted.accounts()) {
            if (!profileNames.contains(entry.draft().profile())) {
                throw new UsageException(file + ": " + entry.where() + ": no profile '"
                        + entry.draft().profile() + "' here or in the file");
            }
            char[] password =
                    remember(secrets, SecretInput.readFile(entry.passwordFile(), entry.where() + ": password-file"));
            Plan plan = checked(entry.where(), () -> profiles.planAccount(entry.draft(), password));
            steps.add(new Step(
                    "account " + entry.draft().profile() + "/" + entry.draft().extension(),
                    plan,
                    () -> profiles.addAccount(entry.draft(), password, plan == Plan.CHANGE)));
        }
        Map<LaunchSetting, String> changed = checked("settings", () -> settings.changes(scope, wanted.settings()));
        if (!changed.isEmpty()) {
            // One write for all of them, as 'settings set' does, so a backend and its token file are checked together.
            steps.add(new Step(
                    "settings "
                            + String.join(
                                    ", ",
                                    changed.keySet().stream()
                                            .map(LaunchSetting::key)
                                            .toList()),
                    Plan.CHANGE,
                    () -> settings.set(scope, changed)));
        }
        wanted.settings().keySet().stream()
                .filter(s -> !changed.containsKey(s))
                .forEach(s -> steps.add(new Step("setting " + s.key(), Plan.UNCHANGED, () -> {})));
        return steps;
    }

    /** The service's answer; a refusal names the file and the entry, then the flag, as the commands would. */
    private <T> T checked(String where, Supplier<T> check) {
        try {
            return check.get();
        } catch (ValidationException e) {
            throw new UsageException(file + ": " + where + ": " + ErrorHandler.withFlag(e.field(), e.getMessage()));
        } catch (InvalidSettingException e) {
            throw new UsageException(file + ": " + where + ": " + e.getMessage());
        }
    }

    private static char[] remember(List<char[]> secrets, char[] secret) {
        secrets.add(secret);
        return secret;
    }

    private String describe(Plan plan) {
        return switch (plan) {
            case ADD -> dryRun ? "would add" : "added";
            case CHANGE -> dryRun ? "would change" : "changed";
            case UNCHANGED -> "unchanged";
        };
    }
}
