package dev.deskphone.profile;

import dev.deskphone.profile.StoredConfig.StoredAccount;
import dev.deskphone.profile.StoredConfig.StoredProfile;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the two stored files into one {@link Configuration}: the administrator's profiles win, the
 * user's are added beside them, and whatever cannot be used is reported as a warning.
 */
final class ConfigMerger {
    private final ConfigStore system;
    private final ConfigStore user;

    ConfigMerger(ConfigStore system, ConfigStore user) {
        this.system = system;
        this.user = user;
    }

    Configuration merge(StoredConfig systemConfig, StoredConfig userConfig) {
        List<String> warnings = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        for (StoredProfile stored : systemConfig.profiles()) {
            profiles.add(toProfile(stored, system, ConfigScope.SYSTEM));
        }
        for (StoredProfile stored : userConfig.profiles()) {
            if (systemConfig.profile(stored.name()).isPresent()) {
                warnings.add("profile '" + stored.name() + "' in " + user.configFile()
                        + " is ignored: the administrator's locked profile of that name is used instead");
            } else {
                profiles.add(toProfile(stored, user, ConfigScope.USER));
            }
        }
        if (!systemConfig.accounts().isEmpty()) {
            warnings.add("accounts in " + system.configFile() + " are ignored: accounts belong to each user");
        }
        if (!system.secretsReadable() && systemConfig.profiles().stream().anyMatch(p -> p.turn() != null)) {
            warnings.add(unreadableSystemSecrets());
        }
        List<Account> accounts = new ArrayList<>();
        for (StoredAccount stored : userConfig.accounts()) {
            Account account = toAccount(stored);
            if (profiles.stream().noneMatch(p -> p.name().equals(account.profile()))) {
                warnings.add(
                        "account " + account.id() + " is ignored: there is no profile '" + account.profile() + "'");
            } else if (accounts.size() == Configuration.MAX_ACCOUNTS) {
                warnings.add("account " + account.id() + " is ignored: at most " + Configuration.MAX_ACCOUNTS
                        + " accounts are used");
            } else {
                accounts.add(account);
            }
        }
        return new Configuration(profiles, accounts, defaultProfile(systemConfig, userConfig, profiles), warnings);
    }

    /**
     * Says what fails (calls that need the TURN relay) and how the administrator fixes it: the file
     * is shared with one group's members, so adding the agent to it (and a new login) lets it be read.
     */
    private String unreadableSystemSecrets() {
        String me = System.getProperty("user.name");
        String message = "TURN passwords in " + system.secretsFile() + " cannot be read by this user (" + me
                + "): calls that need the administrator's TURN relay will fail";
        String group = system.secretsGroupName();
        return group == null
                ? message
                : message + "; an administrator adds the user to group '" + group + "' (adduser " + me + " " + group
                        + "), then the user logs in again";
    }

    /** The system default, else the user's (unless shadowed), else the only profile there is. */
    private static Optional<String> defaultProfile(
            StoredConfig systemConfig, StoredConfig userConfig, List<Profile> profiles) {
        Optional<String> chosen = systemConfig
                .defaultProfile()
                .map(StoredProfile::name)
                .or(() -> userConfig
                        .defaultProfile()
                        .map(StoredProfile::name)
                        .filter(name -> systemConfig.profile(name).isEmpty()));
        if (chosen.isEmpty() && profiles.size() == 1) {
            return Optional.of(profiles.get(0).name());
        }
        return chosen;
    }

    /** Holds a stored profile to the same rules as typed input; a bad hand edit names the file and field. */
    Profile toProfile(StoredProfile stored, ConfigStore store, ConfigScope scope) {
        Validation v = new Validation();
        FieldRules.profileName(stored.name(), Fields.NAME, v);
        URI server = FieldRules.server(stored.server(), v);
        FieldRules.domain(stored.domain(), v);
        List<URI> stun = FieldRules.stun(stored.stun(), v);
        Optional<TurnServer> turn = Optional.empty();
        if (stored.turn() != null) {
            URI uri = FieldRules.turn(stored.turn().uri(), v);
            FieldRules.text(stored.turn().username(), Fields.TURN_USERNAME, DraftValidator.MAX_USERNAME, false, v);
            turn = Optional.of(new TurnServer(uri, stored.turn().username()));
        }
        Optional<Path> caFile = Optional.ofNullable(stored.caFile()).map(relative -> caPath(store, relative, v));
        int expires = FieldRules.registerExpires(stored.registerExpires(), v);
        int iceTimeout = FieldRules.iceGatheringTimeoutMs(stored.iceGatheringTimeoutMs(), v);
        WrapUpSettings wrapUp = FieldRules.wrapUp(
                stored.dispositions(), stored.wrapUpSeconds(), stored.dndResponse(), stored.ringDuringWrapUp(), v);
        CallHandling calls = FieldRules.callHandling(
                stored.autoAnswerSeconds(),
                stored.iceTransportPolicy(),
                stored.turn() != null,
                Boolean.TRUE.equals(stored.headerAutoAnswer()) ? "on" : null,
                stored.codecs(),
                v);
        CallConsent consent = CallConsent.from(stored.allowLinks(), stored.refer(), v);
        int keepAlive = FieldRules.keepAliveSeconds(stored.keepAliveSeconds(), v);
        rethrowNamingFile(v, store, "profile '" + stored.name() + "'");
        return new Profile(
                stored.name(),
                server,
                stored.domain(),
                stun,
                turn,
                caFile,
                expires,
                iceTimeout,
                scope,
                wrapUp,
                calls,
                consent,
                keepAlive);
    }

    Account toAccount(StoredAccount stored) {
        Validation v = new Validation();
        FieldRules.profileName(stored.profile(), Fields.PROFILE, v);
        FieldRules.extension(stored.extension(), v);
        FieldRules.text(stored.displayName(), Fields.DISPLAY_NAME, DraftValidator.MAX_DISPLAY_NAME, true, v);
        FieldRules.text(stored.authUsername(), Fields.AUTH_USERNAME, DraftValidator.MAX_USERNAME, false, v);
        rethrowNamingFile(v, user, "account " + stored.profile() + "/" + stored.extension());
        return new Account(
                stored.profile(),
                stored.extension(),
                stored.displayName() == null ? stored.extension() : stored.displayName(),
                stored.authUsername() == null ? stored.extension() : stored.authUsername());
    }

    private static Path caPath(ConfigStore store, String relative, Validation v) {
        Path ca = store.dir().resolve(ConfigStore.CA_DIR);
        Path resolved = store.dir().resolve(relative).normalize();
        if (!resolved.startsWith(ca)) {
            v.reject(Fields.CA_FILE, "must name a file in " + ca + " (got '" + relative + "')");
        }
        return resolved;
    }

    private static void rethrowNamingFile(Validation v, ConfigStore store, String what) {
        try {
            v.throwIfInvalid();
        } catch (ValidationException e) {
            throw new ConfigException(
                    store.configFile() + ": " + what + ": " + e.field() + " " + e.getMessage() + "; fix or remove it",
                    e);
        }
    }
}
