package dev.deskphone.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.deskphone.testsupport.ConfigSnapshot;
import dev.deskphone.testsupport.SelfSignedCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileServiceTest {
    @TempDir
    Path tmp;

    private ConfigDirs dirs;
    private ProfileService service;

    @BeforeEach
    void setUp() {
        dirs = new ConfigDirs(tmp.resolve("user"), tmp.resolve("system"));
        // A sharing group that exists on no machine: the system secrets stay root's alone (0600) here,
        // whether or not this machine has the installed package's group.
        service = new ProfileService(dirs, Clock.systemUTC(), "deskphone-test-no-such-group");
    }

    @Test
    void whatIsAddedIsLoadedBackWithItsSecretsKeptApart() throws Exception {
        ProfileDraft draft = ProfileDraft.builder("office", "wss://pbx.example.com:8443/ws", "PBX.example.com")
                .stun(List.of("stun:stun.example.com:3478"))
                .turn("turn:turn.example.com?transport=tcp", "agent")
                .registerExpires(120)
                .iceGatheringTimeoutMs(2000)
                .build();

        service.addProfile(draft, "turn-secret".toCharArray(), ConfigScope.USER);
        service.addAccount(new AccountDraft("office", "100", "Alice", null), "sip-secret".toCharArray());

        Configuration config = service.load();
        Profile office = config.profile("office").orElseThrow();
        assertThat(office)
                .isEqualTo(new Profile(
                        "office",
                        URI.create("wss://pbx.example.com:8443/ws"),
                        "pbx.example.com",
                        List.of(URI.create("stun:stun.example.com:3478")),
                        Optional.of(new TurnServer(URI.create("turn:turn.example.com?transport=tcp"), "agent")),
                        Optional.empty(),
                        120,
                        2000,
                        ConfigScope.USER,
                        WrapUpSettings.DEFAULT,
                        CallHandling.DEFAULT,
                        CallConsent.DEFAULT,
                        Profile.DEFAULT_KEEPALIVE_SECONDS));
        assertThat(config.accounts()).containsExactly(new Account("office", "100", "Alice", "100"));
        assertThat(config.defaultProfile()).hasValue("office"); // the only profile
        Secrets secrets = service.loadSecrets();
        assertThat(secrets.sipPassword(config.accounts().get(0))).hasValue("sip-secret");
        assertThat(secrets.turnPassword(office)).hasValue("turn-secret");
        assertThat(Files.readString(dirs.user().resolve("deskphone.json"))).doesNotContain("secret");
    }

    @Test
    void filesHaveTheDocumentedPermissions() throws Exception {
        Path ca = SelfSignedCertificates.validCa(tmp, "Corp CA");
        service.addProfile(
                withTurn(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), ca),
                "turn-secret".toCharArray(),
                ConfigScope.SYSTEM);
        service.addAccount(new AccountDraft("hq", "100", null, null), "sip-secret".toCharArray());

        assertThat(mode(dirs.user())).isEqualTo("rwx------");
        assertThat(mode(dirs.user().resolve("deskphone.json"))).isEqualTo("rw-r--r--");
        assertThat(mode(dirs.user().resolve("secrets.json"))).isEqualTo("rw-------");
        assertThat(mode(dirs.system())).isEqualTo("rwxr-xr-x");
        assertThat(mode(dirs.system().resolve("deskphone.json"))).isEqualTo("rw-r--r--");
        assertThat(mode(dirs.system().resolve("secrets.json"))).isEqualTo("rw-------");
        Path copiedCa = service.load().profile("hq").orElseThrow().caFile().orElseThrow();
        assertThat(copiedCa.getParent()).isEqualTo(dirs.system().resolve("ca"));
        assertThat(mode(copiedCa.getParent())).isEqualTo("rwxr-xr-x");
        assertThat(mode(copiedCa)).isEqualTo("rw-r--r--");
    }

    @Test
    void everyBadFieldIsReportedAtOnceForTheSettingsForm() {
        ProfileDraft draft = ProfileDraft.builder("office", "http://x", "not a domain")
                .stun(List.of("stun:ok.example.com", "turn:wrong.example.com"))
                .registerExpires(10)
                .build();

        assertThatThrownBy(() -> service.addProfile(draft, null, ConfigScope.USER))
                .asInstanceOf(type(ValidationException.class))
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("server");
                    assertThat(e.errors()).containsOnlyKeys("server", "domain", "stun", "register-expires");
                    assertThat(e.errors().keySet()).startsWith("server");
                });
        assertThat(dirs.user()).doesNotExist();
    }

    @Test
    void theAdministratorsProfilesComeFirstLockedAndTheirDefaultWins() {
        service.addProfile(
                ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com")
                        .withDefault(),
                null,
                ConfigScope.USER);
        service.addProfile(
                ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com").withDefault(),
                null,
                ConfigScope.SYSTEM);

        Configuration config = service.load();

        assertThat(config.profiles())
                .extracting(Profile::name, Profile::locked)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hq", true),
                        org.assertj.core.groups.Tuple.tuple("office", false));
        assertThat(config.defaultProfile()).hasValue("hq");
    }

    @Test
    void aUserCannotChangeRemoveOrShadowALockedProfile() {
        service.addProfile(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null, ConfigScope.SYSTEM);
        ConfigSnapshot before = ConfigSnapshot.of(dirs.user(), dirs.system());

        assertThatThrownBy(() -> service.addProfile(
                        ProfileDraft.of("hq", "wss://evil.example.com", "hq.example.com")
                                .replacing(),
                        null,
                        ConfigScope.USER))
                .isInstanceOf(ValidationException.class)
                .hasMessage("profile 'hq' is locked: the administrator set it in " + dirs.system());
        assertThatThrownBy(() -> service.removeProfile("hq", ConfigScope.USER, true))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("is locked");
        assertThat(ConfigSnapshot.of(dirs.user(), dirs.system())).isEqualTo(before);
    }

    @Test
    void systemSecretsAreSharedWithTheGroupAndStaySoOnEveryChange() throws Exception {
        // "daemon" stands for the package's group: one every Debian system has.
        ProfileService admin = new ProfileService(dirs, Clock.systemUTC(), "daemon");
        Path secrets = dirs.system().resolve("secrets.json");
        service.addProfile(
                withTurn(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null),
                "turn-secret".toCharArray(),
                ConfigScope.SYSTEM);
        assertThat(mode(secrets)).isEqualTo("rw-------");
        assertThat(service.systemSecretsSharing())
                .hasValue(new SecretsSharing(secrets, "deskphone-test-no-such-group", false, false));

        // The group exists now: the next change shares the file, even one that leaves the passwords as they were.
        admin.addProfile(
                withTurn(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null)
                        .replacing(),
                "turn-secret".toCharArray(),
                ConfigScope.SYSTEM);
        assertThat(mode(secrets)).isEqualTo("rw-r-----");
        assertThat(group(secrets)).isEqualTo("daemon");
        assertThat(admin.systemSecretsSharing()).hasValue(new SecretsSharing(secrets, "daemon", true, true));

        admin.addProfile(
                withTurn(ProfileDraft.of("lab", "wss://lab.example.com", "lab.example.com"), null),
                "lab-secret".toCharArray(),
                ConfigScope.SYSTEM);
        admin.removeProfile("hq", ConfigScope.SYSTEM, false);
        assertThat(mode(secrets)).isEqualTo("rw-r-----");
        assertThat(group(secrets)).isEqualTo("daemon");
        assertThat(admin.loadSecrets().turnPassword(admin.load().profile("lab").orElseThrow()))
                .hasValue("lab-secret");
    }

    @Test
    void aUserProfileLaterShadowedByTheAdministratorIsIgnoredWithAWarning() {
        service.addProfile(ProfileDraft.of("hq", "wss://mine.example.com", "hq.example.com"), null, ConfigScope.USER);
        // The admin provisions as root, whose own user directory is a different one.
        ProfileService admin = new ProfileService(new ConfigDirs(tmp.resolve("root"), dirs.system()));
        admin.addProfile(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null, ConfigScope.SYSTEM);

        Configuration config = service.load();

        assertThat(config.profiles()).singleElement().satisfies(p -> {
            assertThat(p.server()).isEqualTo(URI.create("wss://hq.example.com"));
            assertThat(p.locked()).isTrue();
        });
        assertThat(config.warnings())
                .singleElement()
                .asString()
                .contains("profile 'hq' in " + dirs.user().resolve("deskphone.json") + " is ignored");
    }

    @Test
    void accountsOfAProfileTheAdministratorRemovedAreReportedNotUsed() {
        ProfileService admin = new ProfileService(new ConfigDirs(tmp.resolve("root"), dirs.system()));
        admin.addProfile(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null, ConfigScope.SYSTEM);
        service.addAccount(new AccountDraft("hq", "100", null, null), "pw".toCharArray());
        admin.removeProfile("hq", ConfigScope.SYSTEM, false);

        Configuration config = service.load();

        assertThat(config.accounts()).isEmpty();
        assertThat(config.warnings()).containsExactly("account hq/100 is ignored: there is no profile 'hq'");
        assertThat(service.removeAccount("hq", "100").id()).isEqualTo("hq/100");
        assertThat(service.load().warnings()).isEmpty();
    }

    @Test
    void aLockedProfilesTurnPasswordComesOnlyFromTheSystemDirectory() {
        service.addProfile(
                withTurn(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null),
                "system-turn".toCharArray(),
                ConfigScope.SYSTEM);
        service.addProfile(
                withTurn(ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com"), null),
                "user-turn".toCharArray(),
                ConfigScope.USER);

        Configuration config = service.load();
        Secrets secrets = service.loadSecrets();

        assertThat(secrets.turnPassword(config.profile("hq").orElseThrow())).hasValue("system-turn");
        assertThat(secrets.turnPassword(config.profile("office").orElseThrow())).hasValue("user-turn");
        assertThat(secrets.toString() + config).doesNotContain("system-turn", "user-turn");
    }

    @Test
    void removingAProfileWithItsAccountsRemovesTheirPasswordsToo() throws Exception {
        service.addProfile(
                withTurn(ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com"), null),
                "turn-secret".toCharArray(),
                ConfigScope.USER);
        service.addAccount(new AccountDraft("office", "100", null, null), "sip-secret".toCharArray());

        List<Account> removed = service.removeProfile("office", ConfigScope.USER, true);

        assertThat(removed).extracting(Account::id).containsExactly("office/100");
        assertThat(Files.readString(dirs.user().resolve("secrets.json"))).doesNotContain("secret");
        assertThat(service.load().accounts()).isEmpty();
    }

    @Test
    void aHandEditedFileIsHeldToTheSameRulesAndNamed() throws Exception {
        Files.createDirectories(dirs.user());
        Path file = Files.writeString(dirs.user().resolve("deskphone.json"), """
                {"version": 1, "profiles": [{"name": "office", "server": "http://pbx", "domain": "pbx.example.com"}]}
                """);

        assertThatThrownBy(service::load)
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": profile 'office': server must be a ws:// or wss:// URI with a host"
                        + " (got 'http://pbx'); fix or remove it");
    }

    @Test
    void anUnknownFieldIsAnErrorNotSilentlyDropped() throws Exception {
        Files.createDirectories(dirs.user());
        Path file = Files.writeString(dirs.user().resolve("deskphone.json"), """
                {"version": 1, "profiles": [], "accounts": [], "groups": []}
                """);

        assertThatThrownBy(service::load)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid (Unrecognized field \"groups\"");
    }

    @Test
    void aDamagedSecretsFileStopsAChangeBeforeAnythingIsWritten() throws Exception {
        service.addProfile(
                ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com"), null, ConfigScope.USER);
        Files.writeString(dirs.user().resolve("secrets.json"), "not json");
        ConfigSnapshot before = ConfigSnapshot.of(dirs.user());

        assertThatThrownBy(() -> service.addAccount(new AccountDraft("office", "100", null, null), "pw".toCharArray()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dirs.user().resolve("secrets.json") + ": not valid (");
        assertThat(ConfigSnapshot.of(dirs.user())).isEqualTo(before);
    }

    @Test
    void aReplacedCaFileIsCopiedAgainAndTheOldCopyDeleted() throws Exception {
        Path first = SelfSignedCertificates.validCa(tmp, "First CA");
        Path second = SelfSignedCertificates.validCa(tmp, "Second CA");
        ProfileDraft office = ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com");
        service.addProfile(withCa(office, first, false), null, ConfigScope.USER);

        service.addProfile(withCa(office, second, true), null, ConfigScope.USER);

        Path copy = service.load().profile("office").orElseThrow().caFile().orElseThrow();
        try (Stream<Path> caFiles = Files.list(dirs.user().resolve("ca"))) {
            assertThat(caFiles).containsExactly(copy);
        }
        assertThat(copy).content().startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");

        service.removeProfile("office", ConfigScope.USER, false);

        assertThat(copy).doesNotExist();
    }

    @Test
    void aValidationMessageNeverContainsThePassword() {
        char[] password = "line\nbreak-secret".toCharArray();

        assertThatThrownBy(() -> service.addAccount(new AccountDraft("office", "100", null, null), password))
                .isInstanceOf(ValidationException.class)
                .hasMessage("must not contain control characters (such as a line break)")
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("password"));
    }

    @Test
    void threadsSharingOneServiceDoNotLoseEachOthersAccounts() throws Exception {
        service.addProfile(
                ProfileDraft.of("office", "wss://pbx.example.com", "pbx.example.com"), null, ConfigScope.USER);
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < Configuration.MAX_ACCOUNTS; i++) {
            String extension = String.valueOf(100 + i);
            Thread thread = new Thread(() -> {
                try {
                    service.addAccount(new AccountDraft("office", extension, null, null), "pw".toCharArray());
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(service.load().accounts()).hasSize(Configuration.MAX_ACCOUNTS);
    }

    @Test
    void aPlanSaysWhetherAddingWouldChangeAnythingAndWritesNothing() throws Exception {
        Path ca = SelfSignedCertificates.validCa(tmp, "Corp CA");
        ProfileDraft hq = withTurn(ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), ca);
        assertThat(service.planProfile(hq, "turn-secret".toCharArray(), ConfigScope.SYSTEM))
                .isEqualTo(ProfileService.Plan.ADD);
        assertThat(ConfigSnapshot.of(tmp.resolve("user"), tmp.resolve("system")))
                .isEqualTo(ConfigSnapshot.of());

        service.addProfile(hq, "turn-secret".toCharArray(), ConfigScope.SYSTEM);
        assertThat(service.planProfile(hq, "turn-secret".toCharArray(), ConfigScope.SYSTEM))
                .as("same fields, same CA content, same TURN password")
                .isEqualTo(ProfileService.Plan.UNCHANGED);
        assertThat(service.planProfile(hq, "other".toCharArray(), ConfigScope.SYSTEM))
                .isEqualTo(ProfileService.Plan.CHANGE);
        assertThat(service.planProfile(
                        withTurn(ProfileDraft.of("hq", "wss://hq2.example.com", "hq.example.com"), ca),
                        "turn-secret".toCharArray(),
                        ConfigScope.SYSTEM))
                .isEqualTo(ProfileService.Plan.CHANGE);
        assertThatThrownBy(() -> service.planProfile(
                        ProfileDraft.of("hq", "wss://hq.example.com", "hq.example.com"), null, ConfigScope.USER))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("locked");

        AccountDraft alice = new AccountDraft("hq", "100", "Alice", null);
        assertThat(service.planAccount(alice, "pw".toCharArray())).isEqualTo(ProfileService.Plan.ADD);
        service.addAccount(alice, "pw".toCharArray());
        assertThat(service.planAccount(alice, "pw".toCharArray())).isEqualTo(ProfileService.Plan.UNCHANGED);
        assertThat(service.planAccount(alice, "pw2".toCharArray())).isEqualTo(ProfileService.Plan.CHANGE);
        service.addAccount(new AccountDraft("hq", "100", "Alice B.", null), "pw2".toCharArray(), true);
        assertThat(service.load().accounts()).containsExactly(new Account("hq", "100", "Alice B.", "100"));
        assertThat(service.loadSecrets().sipPassword(service.load().accounts().get(0)))
                .hasValue("pw2");
    }

    private static ProfileDraft withTurn(ProfileDraft d, Path caFile) {
        return d.toBuilder()
                .turn("turns:turn.example.com:5349", "agent")
                .caFile(caFile)
                .build();
    }

    private static ProfileDraft withCa(ProfileDraft d, Path caFile, boolean replace) {
        return d.toBuilder().caFile(caFile).replace(replace).build();
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String group(Path path) throws Exception {
        return Files.readAttributes(path, PosixFileAttributes.class).group().getName();
    }
}
