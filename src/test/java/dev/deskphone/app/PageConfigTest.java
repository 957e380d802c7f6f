package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.profile.AccountDraft;
import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.ProfileDraft;
import dev.deskphone.profile.ProfileService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        profiles.addProfile(new ProfileDraft("main", "wss://pbx.example.com/ws", "pbx.example.com",
                List.of("stun:stun.example.com:3478"), "turn:turn.example.com:3478?transport=udp", "turnuser",
                null, 300, 800, true, false), "turnpass".toCharArray(), ConfigScope.USER);
        profiles.addProfile(ProfileDraft.of("backup", "ws://10.1.2.3:8080", "backup.example.com"), null, ConfigScope.USER);
        profiles.addAccount(new AccountDraft("main", "1001", "Alice", null), "pw1".toCharArray());
        profiles.addAccount(new AccountDraft("backup", "2001", null, "auth2001"), "pw2".toCharArray());
    }

    @Test
    void carriesEachAccountWithItsProfilesServerAndTheSeedsIceServers() {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.empty());

        assertThat(config.type()).isEqualTo("config");
        assertThat(config.maxAccounts()).isEqualTo(6);
        PageConfig.PageAccount alice = config.accounts().get(0);
        assertThat(alice.id()).isEqualTo("main/1001");
        assertThat(alice.password()).isEqualTo("pw1");
        assertThat(alice.server()).isEqualTo("wss://pbx.example.com/ws");
        assertThat(alice.registerExpires()).isEqualTo(300);
        assertThat(alice.iceGatheringTimeoutMs()).isEqualTo(800);
        assertThat(alice.iceServers()).containsExactly(
                new PageConfig.IceServer("stun:stun.example.com:3478", null, null),
                new PageConfig.IceServer("turn:turn.example.com:3478?transport=udp", "turnuser", "turnpass"));
        assertThat(config.accounts().get(1).authUsername()).isEqualTo("auth2001");
        assertThat(config.profiles()).extracting(PageConfig.PageProfile::name).containsExactly("main", "backup");
        assertThat(config.profiles().get(0).isDefault()).isTrue();
    }

    @Test
    void profilesCarryTheirWrapUpAndTheLaunchFlagOverridesItsTimer() {
        profiles.addProfile(new ProfileDraft("sales", "wss://pbx.example.com/ws", "pbx.example.com", List.of(), null, null,
                null, null, null, false, false, List.of("Sale", "No sale"), 20), null, ConfigScope.USER);
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.empty());
        PageConfig.PageProfile sales = config.profiles().stream().filter(p -> p.name().equals("sales")).findFirst().orElseThrow();
        assertThat(sales.wrapUpSeconds()).isEqualTo(20);
        assertThat(sales.dispositions()).containsExactly("Sale", "No sale");
        assertThat(config.profiles().get(0).wrapUpSeconds()).isEqualTo(60);

        PageConfig overridden = config.withWrapUpSeconds(Optional.of(5));
        assertThat(overridden.profiles()).extracting(PageConfig.PageProfile::wrapUpSeconds).containsOnly(5);
        assertThat(overridden.profiles()).filteredOn(p -> p.name().equals("sales"))
                .singleElement().extracting(PageConfig.PageProfile::dispositions).isEqualTo(List.of("Sale", "No sale"));
        assertThat(config.withWrapUpSeconds(Optional.empty())).isSameAs(config);
    }

    @Test
    void withAProfileChosenAtLaunchOnlyItsAccountsRegister() {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.of("backup"));

        assertThat(config.accounts()).extracting(PageConfig.PageAccount::id).containsExactly("backup/2001");
        assertThat(config.profiles()).hasSize(2);
    }

    @Test
    void secretsStayOutOfTheTextualForms() throws Exception {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), Optional.empty());

        assertThat(config.toString()).doesNotContain("pw1", "turnpass");
        assertThat(config.accounts().get(0).toString()).doesNotContain("pw1");
        // ...but the page, which needs them to register, gets them.
        assertThat(new ObjectMapper().writeValueAsString(config)).contains("\"password\":\"pw1\"", "\"credential\":\"turnpass\"");
    }
}
