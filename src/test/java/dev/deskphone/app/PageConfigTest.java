package dev.deskphone.app;

import static dev.deskphone.testsupport.ProfileDrafts.onPbx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.profile.AccountDraft;
import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.ProfileDraft;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.LaunchSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageConfigTest {
    @TempDir
    Path tmp;

    private ProfileService profiles;

    @BeforeEach
    void setUp() {
        profiles = new ProfileService(new ConfigDirs(tmp.resolve("user"), tmp.resolve("system")));
        profiles.addProfile(
                onPbx("main")
                        .stun(List.of("stun:stun.example.com:3478"))
                        .turn("turn:turn.example.com:3478?transport=udp", "turnuser")
                        .registerExpires(300)
                        .iceGatheringTimeoutMs(800)
                        .makeDefault(true)
                        .build(),
                "turnpass".toCharArray(),
                ConfigScope.USER);
        profiles.addProfile(
                ProfileDraft.of("backup", "ws://10.1.2.3:8080", "backup.example.com"), null, ConfigScope.USER);
        profiles.addAccount(new AccountDraft("main", "1001", "Alice", null), "pw1".toCharArray());
        profiles.addAccount(new AccountDraft("backup", "2001", null, "auth2001"), "pw2".toCharArray());
    }

    @Test
    void carriesEachAccountWithItsProfilesServerAndTheSeedsIceServers() {
        PageConfig config = config();

        assertThat(config.type()).isEqualTo("config");
        assertThat(config.maxAccounts()).isEqualTo(6);
        PageConfig.PageAccount alice = config.accounts().get(0);
        assertThat(alice.id()).isEqualTo("main/1001");
        assertThat(alice.password()).isEqualTo("pw1");
        assertThat(alice.server()).isEqualTo("wss://pbx.example.com/ws");
        assertThat(alice.registerExpires()).isEqualTo(300);
        assertThat(alice.iceGatheringTimeoutMs()).isEqualTo(800);
        assertThat(alice.iceServers())
                .containsExactly(
                        new PageConfig.IceServer("stun:stun.example.com:3478", null, null),
                        new PageConfig.IceServer("turn:turn.example.com:3478?transport=udp", "turnuser", "turnpass"));
        assertThat(config.accounts().get(1).authUsername()).isEqualTo("auth2001");
        assertThat(config.profiles()).extracting(PageConfig.PageProfile::name).containsExactly("main", "backup");
        assertThat(config.profiles().get(0).isDefault()).isTrue();
    }

    @Test
    void profilesCarryTheirWrapUpAndTheLaunchFlagOverridesItsTimer() {
        profiles.addProfile(
                onPbx("sales")
                        .dispositions(List.of("Sale", "No sale"))
                        .wrapUpSeconds(20)
                        .build(),
                null,
                ConfigScope.USER);
        PageConfig config = config();
        PageConfig.PageProfile sales = config.profiles().stream()
                .filter(p -> p.name().equals("sales"))
                .findFirst()
                .orElseThrow();
        assertThat(sales.wrapUpSeconds()).isEqualTo(20);
        assertThat(sales.dispositions()).containsExactly("Sale", "No sale");
        assertThat(config.profiles().get(0).wrapUpSeconds()).isEqualTo(60);

        PageConfig overridden = config.withWrapUpSeconds(Optional.of(5));
        assertThat(overridden.profiles())
                .extracting(PageConfig.PageProfile::wrapUpSeconds)
                .containsOnly(5);
        assertThat(overridden.profiles())
                .filteredOn(p -> p.name().equals("sales"))
                .singleElement()
                .extracting(PageConfig.PageProfile::dispositions)
                .isEqualTo(List.of("Sale", "No sale"));
        assertThat(config.withWrapUpSeconds(Optional.empty())).isSameAs(config);
    }

    @Test
    void accountsCarryTheirProfilesAutoAnswerAndIcePolicyForThePage() {
        PageConfig config = withAccount(
                onPbx("desk")
                        .turn("turn:turn.example.com:3478", "turnuser")
                        .autoAnswerSeconds(3)
                        .iceTransportPolicy("relay")
                        .build(),
                "turnpass".toCharArray(),
                "3001",
                "pw3");

        PageConfig.PageAccount desk = config.accounts().stream()
                .filter(a -> a.id().equals("desk/3001"))
                .findFirst()
                .orElseThrow();
        assertThat(desk.autoAnswerSeconds()).isEqualTo(3);
        assertThat(desk.iceTransportPolicy()).isEqualTo("relay");
        PageConfig.PageAccount alice = config.accounts().get(0);
        assertThat(alice.autoAnswerSeconds())
                .as("no auto-answer unless the profile asks")
                .isNull();
        assertThat(alice.iceTransportPolicy()).isEqualTo("all");
        assertThat(config.profiles())
                .filteredOn(p -> p.name().equals("desk"))
                .singleElement()
                .satisfies(p -> assertThat(p.autoAnswerSeconds()).isEqualTo(3))
                .satisfies(p -> assertThat(p.iceTransportPolicy()).isEqualTo("relay"));
    }

    @Test
    void accountsCarryTheirProfilesKeepAliveInterval() {
        PageConfig config = withAccount(onPbx("nat").keepAliveSeconds(0).build(), null, "4001", "pw4");

        assertThat(config.accounts())
                .filteredOn(a -> a.id().equals("nat/4001"))
                .singleElement()
                .extracting(PageConfig.PageAccount::keepAliveSeconds)
                .isEqualTo(0);
        assertThat(config.accounts().get(0).keepAliveSeconds())
                .as("the default")
                .isEqualTo(30);
    }

    @Test
    void accountsCarryTheirProfilesHeaderAutoAnswerAndCodecOrder() {
        PageConfig config = withAccount(
                onPbx("intercom")
                        .headerAutoAnswer("on")
                        .codecs(List.of("pcma", "opus"))
                        .build(),
                null,
                "5001",
                "pw5");

        assertThat(config.accounts())
                .filteredOn(a -> a.id().equals("intercom/5001"))
                .singleElement()
                .satisfies(a -> assertThat(a.headerAutoAnswer()).isTrue())
                .satisfies(a -> assertThat(a.codecs()).containsExactly("pcma", "opus"));
        assertThat(config.accounts().get(0).headerAutoAnswer())
                .as("off by default")
                .isFalse();
        assertThat(config.accounts().get(0).codecs()).as("the engine's order").isEmpty();
    }

    @Test
    void accountsCarryHowTheirProfileRefusesCallsWhileTheAgentIsUnavailable() {
        PageConfig config = withAccount(
                onPbx("desk").dndResponse(480).ringDuringWrapUp("on").build(), null, "5001", "pw5");

        assertThat(config.accounts())
                .filteredOn(a -> a.id().equals("desk/5001"))
                .singleElement()
                .satisfies(a -> assertThat(a.dndResponse()).isEqualTo(480))
                .satisfies(a -> assertThat(a.ringDuringWrapUp()).isTrue());
        assertThat(config.accounts().get(0).dndResponse()).as("the default").isEqualTo(486);
        assertThat(config.accounts().get(0).ringDuringWrapUp()).isFalse();
    }

    @Test
    void withAProfileChosenAtLaunchOnlyItsAccountsRegister() {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.of("backup"));

        assertThat(config.accounts()).extracting(PageConfig.PageAccount::id).containsExactly("backup/2001");
        assertThat(config.profiles()).hasSize(2);
    }

    @Test
    void secretsStayOutOfTheTextualForms() throws Exception {
        PageConfig config = config();

        assertThat(config.toString()).doesNotContain("pw1", "turnpass");
        assertThat(config.accounts().get(0).toString()).doesNotContain("pw1");
        // ...but the page, which needs them to register, gets them.
        assertThat(new ObjectMapper().writeValueAsString(config))
                .contains("\"password\":\"pw1\"", "\"credential\":\"turnpass\"");
    }

    @Test
    void carriesTheLaunchSettingsWithTheirSourceAndLockThroughTheLaterSteps() throws Exception {
        LaunchSettings settings = LaunchSettings.merge(
                Map.of(LaunchSetting.LOG_LEVEL, "DEBUG"), Map.of(), Map.of(LaunchSetting.OUTBOX_CAPACITY, "2000"));

        PageConfig config = config().withWrapUpSeconds(Optional.of(5))
                .withLaunchSettings(settings.all())
                .forCalls(OptionalInt.of(3));

        assertThat(config.launchSettings())
                .contains(
                        new PageConfig.PageLaunchSetting("outbox-capacity", "Outbox capacity", "2000", "system", true),
                        new PageConfig.PageLaunchSetting("log-level", "Log level", "DEBUG", "flag", false),
                        new PageConfig.PageLaunchSetting(
                                "backend", "Backend", "the embedded backend", "default", false));
        assertThat(config.autoAnswerSeconds()).isEqualTo(3);
        assertThat(new ObjectMapper().writeValueAsString(config))
                .contains("\"launchSettings\":[{\"name\":\"backend\",\"label\":\"Backend\"");
    }

    /** The page's configuration with every profile and account, none chosen at launch. */
    private PageConfig config() {
        return PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.empty());
    }

    /** Adds the user profile and one account of it, then reads the page's configuration. */
    private PageConfig withAccount(ProfileDraft draft, char[] turnPassword, String extension, String password) {
        profiles.addProfile(draft, turnPassword, ConfigScope.USER);
        profiles.addAccount(new AccountDraft(draft.name(), extension, null, null), password.toCharArray());
        return config();
    }
}
