package dev.deskphone.profile;

import dev.deskphone.profile.DraftValidator.ValidProfile;
import dev.deskphone.profile.StoredConfig.StoredAccount;
import dev.deskphone.profile.StoredConfig.StoredProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and changes Deskphone's configuration: PBX profiles, accounts and their passwords. Used
 * by the command line and by the first-run settings form alike, so it knows nothing of either.
 *
 * <p>Every change validates all input first, then rewrites files atomically under a directory lock:
 * a refused or failed change leaves the stored configuration as it was. Profiles in the system
 * directory are locked: user changes can neither alter nor shadow them.
 *
 * @throws ValidationException (from the change methods) when input is refused, naming the field
 * @throws ConfigException     when a file cannot be read, understood or written, naming the file
 */
public final class ProfileService {
    /**
     * The group whose members may read the system {@code secrets.json} (root:deskphone, mode 0640):
     * agents' apps need the administrator's TURN passwords. The .deb creates it; admins add agents.
     */
    public static final String SYSTEM_SECRETS_GROUP = "deskphone";
    /** Names another group than {@link #SYSTEM_SECRETS_GROUP} (a site whose agents share one already). */
    public static final String SYSTEM_SECRETS_GROUP_ENV = "DESKPHONE_SYSTEM_SECRETS_GROUP";
    /** What adding a profile or an account would do to the stored configuration ({@code provision apply}). */
    public enum Plan {
        ADD,
        CHANGE,
        UNCHANGED
    }

    private final ConfigDirs dirs;
    private final Clock clock;
    private final ConfigStore systemStore;
    private final ConfigStore userStore;
    private final ConfigMerger merger;

    public ProfileService(ConfigDirs dirs) {
        this(dirs, Clock.systemUTC());
    }

    /** @param clock checks CA certificates' validity at add time */
    public ProfileService(ConfigDirs dirs, Clock clock) {
        this(dirs, clock, SYSTEM_SECRETS_GROUP);
    }

    /** @param systemSecretsGroup the group sharing the system secrets, see {@link #systemSecretsGroup(Map)} */
    public ProfileService(ConfigDirs dirs, String systemSecretsGroup) {
        this(dirs, Clock.systemUTC(), systemSecretsGroup);
    }

    ProfileService(ConfigDirs dirs, Clock clock, String systemSecretsGroup) {
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.clock = Objects.requireNonNull(clock, "clock");
        dirs.requireSeparate();
        this.systemStore = new ConfigStore(dirs.system(), ConfigScope.SYSTEM, systemSecretsGroup);
        this.userStore = new ConfigStore(dirs.user(), ConfigScope.USER);
        this.merger = new ConfigMerger(systemStore, userStore);
    }

    /** The group sharing the system secrets: {@code DESKPHONE_SYSTEM_SECRETS_GROUP}, else {@code deskphone}. */
    public static String systemSecretsGroup(Map<String, String> env) {
        String named = env.get(SYSTEM_SECRETS_GROUP_ENV);
        return named == null || named.isBlank() ? SYSTEM_SECRETS_GROUP : named.strip();
    }

    public ConfigDirs dirs() {
        return dirs;
    }

    /** The merged configuration: system profiles (locked), user profiles, user accounts. */
    public Configuration load() {
        return merger.merge(systemStore.readConfig(), userStore.readConfig());
    }

    /**
     * Who may read the system {@code secrets.json}, as it is on disk: its sharing group's members
     * (root:GROUP 0640), or only its owner (0600). Empty when the file does not exist.
     */
    public Optional<SecretsSharing> systemSecretsSharing() {
        try {
            return systemStore.secretsSharing();
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read the attributes of " + systemStore.secretsFile() + ": " + ConfigStore.describe(e), e);
        }
    }

    /** The passwords the app needs to register accounts and use TURN. Never log the result's content. */
    public Secrets loadSecrets() {
        StoredSecrets user = userStore.readSecrets();
        StoredSecrets system = systemStore.secretsReadable() ? systemStore.readSecrets() : StoredSecrets.empty();
        return new Secrets(user.sip(), user.turn(), system.turn());
    }

    /**
     * Adds a profile, or replaces one when {@link ProfileDraft#replace()} is set (its accounts stay).
     * A CA file is checked and copied into the config directory, so the original may go away.
     *
     * @param turnPassword required when the draft names a TURN server; not kept by this method
     */
    public Profile addProfile(ProfileDraft draft, char[] turnPassword, ConfigScope scope) {
        ValidProfile valid = DraftValidator.validate(draft, turnPassword, clock.instant());
        String name = valid.profile().name();
        ConfigStore store = store(scope);
        return store.withLock(() -> {
            StoredConfig system = systemStore.readConfig();
            StoredConfig user = userStore.readConfig();
            StoredConfig target = scope == ConfigScope.SYSTEM ? system : user;
            checkNameIsFree(name, scope, system, user, draft.replace());
            if (draft.makeDefault() && scope == ConfigScope.USER) {
                checkNoSystemDefault(system);
            }
            StoredSecrets secrets = store.readSecrets(); // read before writing: a damaged file stops us here
            String caPath = valid.ca() == null
                    ? null
                    : store.writeCaFile(name, valid.ca().toPem(), valid.ca().contentHash());
            boolean wasDefault =
                    target.profile(name).map(StoredProfile::isDefault).orElse(false);
            StoredProfile stored = valid.stored(caPath, draft.makeDefault() || wasDefault);
            StoredConfig updated = target.withProfile(stored);
            // Passwords first: a profile on disk never refers to a password that is not there yet.
            writeSecretsIfChanged(store, secrets, retained(secrets.withTurn(name, valid.turnPassword()), updated));
            store.writeConfig(updated);
            store.deleteUnusedCaFiles(caPaths(updated));
            return merger.toProfile(stored, store, scope);
        });
    }

    /**
     * What {@link #addProfile} would do with this draft (as a replacement when the profile exists):
     * nothing is written. The draft is validated exactly as {@code addProfile} does.
     */
    public Plan planProfile(ProfileDraft draft, char[] turnPassword, ConfigScope scope) {
        ValidProfile valid = DraftValidator.validate(draft, turnPassword, clock.instant());
        String name = valid.profile().name();
        ConfigStore store = store(scope);
        StoredConfig system = systemStore.readConfig();
        StoredConfig user = userStore.readConfig();
        checkNameIsFree(name, scope, system, user, true);
        if (draft.makeDefault() && scope == ConfigScope.USER) {
            checkNoSystemDefault(system);
        }
        Optional<StoredProfile> existing = (scope == ConfigScope.SYSTEM ? system : user).profile(name);
        if (existing.isEmpty()) {
            return Plan.ADD;
        }
        String caPath =
                valid.ca() == null ? null : ConfigStore.caPath(name, valid.ca().contentHash());
        StoredProfile wanted =
                valid.stored(caPath, draft.makeDefault() || existing.get().isDefault());
        boolean samePassword = Objects.equals(store.readSecrets().turn().get(name), valid.turnPassword());
        return wanted.equals(existing.get()) && samePassword ? Plan.UNCHANGED : Plan.CHANGE;
    }

    /** What {@link #addAccount(AccountDraft, char[], boolean)} would do with this draft; nothing is written. */
    public Plan planAccount(AccountDraft draft, char[] password) {
        StoredAccount account = DraftValidator.validate(draft, password);
        String id = Account.id(account.profile(), account.extension());
        Optional<StoredAccount> existing = userStore.readConfig().accounts().stream()
                .filter(a -> Account.id(a.profile(), a.extension()).equals(id))
                .findFirst();
        if (existing.isEmpty()) {
            return Plan.ADD;
        }
        boolean samePassword =
                new String(password).equals(userStore.readSecrets().sip().get(id));
        return existing.get().equals(account) && samePassword ? Plan.UNCHANGED : Plan.CHANGE;
    }

    /**
     * Removes a profile. A user profile that still has accounts is refused unless {@code
     * withAccounts}, which removes those accounts and their passwords too.
     *
     * @return the accounts removed with it
     */
    public List<Account> removeProfile(String name, ConfigScope scope, boolean withAccounts) {
        ConfigStore store = store(scope);
        return store.withLock(() -> {
            StoredConfig system = systemStore.readConfig();
            StoredConfig user = userStore.readConfig();
            StoredConfig target = scope == ConfigScope.SYSTEM ? system : user;
            if (target.profile(name).isEmpty()) {
                throw profileNotRemovable(name, scope, system, user);
            }
            // Only this user's accounts are known; other users' accounts of a removed system profile are
            // reported as warnings when they load their configuration.
            List<StoredAccount> accounts = scope == ConfigScope.USER ? user.accountsOf(name) : List.of();
            if (!accounts.isEmpty() && !withAccounts) {
                throw new ValidationException(
                        Fields.NAME,
                        "profile '" + name + "' still has " + accounts.size()
                                + " account(s) (" + ids(accounts) + "): remove them first, or remove the profile"
                                + " with its accounts (--force)");
            }
            StoredSecrets secrets = store.readSecrets();
            StoredConfig updated = target.withoutProfile(name)
                    .withoutAccounts(
                            name,
                            accounts.stream().map(StoredAccount::extension).toList());
            // Configuration first: an account on disk never lacks its password.
            store.writeConfig(updated);
            writeSecretsIfChanged(store, secrets, retained(secrets, updated));
            store.deleteUnusedCaFiles(caPaths(updated));
            return accounts.stream().map(merger::toAccount).toList();
        });
    }

    /**
     * Adds an account to the user's configuration. Refuses an unknown profile, a duplicate
     * extension and more than {@link Configuration#MAX_ACCOUNTS} accounts.
     *
     * @param password the SIP password; not kept by this method (the caller may clear it)
     */
    public Account addAccount(AccountDraft draft, char[] password) {
        return addAccount(draft, password, false);
    }

    /**
     * Adds an account, or with {@code replace} replaces the one with its id (its name, user and
     * password) in one atomic change.
     */
    public Account addAccount(AccountDraft draft, char[] password, boolean replace) {
        StoredAccount account = DraftValidator.validate(draft, password);
        String id = Account.id(account.profile(), account.extension());
        return userStore.withLock(() -> {
            StoredConfig system = systemStore.readConfig();
            StoredConfig user = userStore.readConfig();
            if (system.profile(account.profile()).isEmpty()
                    && user.profile(account.profile()).isEmpty()) {
                throw new ValidationException(Fields.PROFILE, unknownProfile(account.profile(), system, user));
            }
            boolean exists = user.accounts().stream()
                    .anyMatch(a -> Account.id(a.profile(), a.extension()).equals(id));
            if (exists && !replace) {
                throw new ValidationException(Fields.EXTENSION, "account " + id + " already exists");
            }
            if (exists) {
                user = user.withoutAccounts(account.profile(), List.of(account.extension()));
            } else if (user.accounts().size() >= Configuration.MAX_ACCOUNTS) {
                throw new ValidationException(
                        Fields.ACCOUNTS,
                        "at most " + Configuration.MAX_ACCOUNTS
                                + " accounts can be configured, and there are "
                                + user.accounts().size() + " ("
                                + ids(user.accounts()) + "): remove one first");
            }
            StoredSecrets secrets = userStore.readSecrets();
            StoredConfig updated = user.withAccount(account);
            writeSecretsIfChanged(userStore, secrets, retained(secrets.withSip(id, new String(password)), updated));
            userStore.writeConfig(updated);
            return merger.toAccount(account);
        });
    }

    /** Removes an account and its password. */
    public Account removeAccount(String profile, String extension) {
        return userStore.withLock(() -> {
            StoredConfig system = systemStore.readConfig();
            StoredConfig user = userStore.readConfig();
            Optional<StoredAccount> found = user.accounts().stream()
                    .filter(a -> a.profile().equals(profile) && a.extension().equals(extension))
                    .findFirst();
            if (found.isEmpty()) {
                boolean profileKnown = system.profile(profile).isPresent()
                        || user.profile(profile).isPresent()
                        || !user.accountsOf(profile).isEmpty();
                if (!profileKnown) {
                    throw new ValidationException(Fields.PROFILE, unknownProfile(profile, system, user));
                }
                List<StoredAccount> others = user.accountsOf(profile);
                throw new ValidationException(
                        Fields.EXTENSION,
                        "no account " + Account.id(profile, extension)
                                + (others.isEmpty()
                                        ? " (profile '" + profile + "' has no accounts)"
                                        : " (accounts of '" + profile + "': " + extensions(others) + ")"));
            }
            StoredSecrets secrets = userStore.readSecrets();
            StoredConfig updated = user.withoutAccounts(profile, List.of(extension));
            userStore.writeConfig(updated);
            writeSecretsIfChanged(userStore, secrets, retained(secrets, updated));
            return merger.toAccount(found.get());
        });
    }

    private ConfigStore store(ConfigScope scope) {
        return scope == ConfigScope.SYSTEM ? systemStore : userStore;
    }

    private void checkNameIsFree(
            String name, ConfigScope scope, StoredConfig system, StoredConfig user, boolean replace) {
        if (scope == ConfigScope.USER && system.profile(name).isPresent()) {
            throw new ValidationException(Fields.NAME, lockedMessage(name));
        }
        if (scope == ConfigScope.SYSTEM && user.profile(name).isPresent()) {
            throw new ValidationException(
                    Fields.NAME, "a user profile '" + name + "' exists in " + dirs.user() + ": remove it first");
        }
        StoredConfig target = scope == ConfigScope.SYSTEM ? system : user;
        if (target.profile(name).isPresent() && !replace) {
            throw new ValidationException(
                    Fields.NAME, "profile '" + name + "' already exists" + " (replace it, or remove it first)");
        }
    }

    private void checkNoSystemDefault(StoredConfig system) {
        system.defaultProfile().ifPresent(d -> {
            throw new ValidationException(
                    Fields.DEFAULT,
                    "the administrator made '" + d.name() + "' the default profile in " + dirs.system()
                            + "; it is locked");
        });
    }

    private ValidationException profileNotRemovable(
            String name, ConfigScope scope, StoredConfig system, StoredConfig user) {
        if (scope == ConfigScope.USER && system.profile(name).isPresent()) {
            return new ValidationException(Fields.NAME, lockedMessage(name));
        }
        if (scope == ConfigScope.SYSTEM) {
            return new ValidationException(Fields.NAME, "no profile '" + name + "' in " + dirs.system());
        }
        return new ValidationException(Fields.NAME, unknownProfile(name, system, user));
    }

    private String lockedMessage(String name) {
        return "profile '" + name + "' is locked: the administrator set it in " + dirs.system();
    }

    private static String unknownProfile(String name, StoredConfig system, StoredConfig user) {
        List<String> known = Stream.concat(system.profiles().stream(), user.profiles().stream())
                .map(StoredProfile::name)
                .distinct()
                .toList();
        return "no profile '" + name + "'"
                + (known.isEmpty()
                        ? " (no profiles are configured yet)"
                        : " (profiles: " + String.join(", ", known) + ")");
    }

    /** The secrets with every password of a vanished account or profile dropped. */
    private static StoredSecrets retained(StoredSecrets secrets, StoredConfig config) {
        Set<String> accountIds = config.accounts().stream()
                .map(a -> Account.id(a.profile(), a.extension()))
                .collect(Collectors.toSet());
        Set<String> profileNames = config.profiles().stream()
                .filter(p -> p.turn() != null)
                .map(StoredProfile::name)
                .collect(Collectors.toSet());
        return secrets.retainOnly(accountIds, profileNames);
    }

    /** Also rewrites a shared file unchanged, which sets its group and mode again (a group created since, a hand chmod). */
    private static void writeSecretsIfChanged(ConfigStore store, StoredSecrets before, StoredSecrets after)
            throws IOException {
        if (!after.equals(before) || store.secretsGroupName() != null && Files.exists(store.secretsFile())) {
            store.writeSecrets(after);
        }
    }

    private static Set<String> caPaths(StoredConfig config) {
        return config.profiles().stream()
                .map(StoredProfile::caFile)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static String ids(List<StoredAccount> accounts) {
        return accounts.stream()
                .map(a -> Account.id(a.profile(), a.extension()))
                .collect(Collectors.joining(", "));
    }

    private static String extensions(List<StoredAccount> accounts) {
        return accounts.stream().map(StoredAccount::extension).collect(Collectors.joining(", "));
    }
}
