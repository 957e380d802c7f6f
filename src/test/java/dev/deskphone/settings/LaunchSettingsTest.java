package dev.deskphone.settings;

import static dev.deskphone.settings.LaunchSetting.AUTO_ANSWER;
import static dev.deskphone.settings.LaunchSetting.BACKEND;
import static dev.deskphone.settings.LaunchSetting.BACKEND_CA_FILE;
import static dev.deskphone.settings.LaunchSetting.BACKEND_TOKEN_FILE;
import static dev.deskphone.settings.LaunchSetting.LOG_LEVEL;
import static dev.deskphone.settings.LaunchSetting.OUTBOX_CAPACITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The precedence of launch settings: administrator (locked), then flag, then user, then default. */
class LaunchSettingsTest {
    @Test
    void nothingSetMeansTheDefaultForEverySetting() {
        LaunchSettings settings = LaunchSettings.merge(Map.of(), Map.of(), Map.of());

        assertThat(settings.all()).hasSize(LaunchSetting.values().length).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo(SettingSource.DEFAULT);
            assertThat(s.value()).isEmpty();
            assertThat(s.locked()).isFalse();
        });
        assertThat(settings.get(OUTBOX_CAPACITY).shown()).isEqualTo("50000");
    }

    @Test
    void theUsersValueAppliesWhenNoFlagGivesOne() {
        EffectiveSetting level = LaunchSettings.merge(Map.of(), Map.of(LOG_LEVEL, "DEBUG"), Map.of())
                .get(LOG_LEVEL);

        assertThat(level).isEqualTo(new EffectiveSetting(LOG_LEVEL, Optional.of("DEBUG"), SettingSource.USER));
    }

    @Test
    void aFlagOverridesTheUsersValueForThatRun() {
        EffectiveSetting level = LaunchSettings.merge(Map.of(LOG_LEVEL, "TRACE"), Map.of(LOG_LEVEL, "DEBUG"), Map.of())
                .get(LOG_LEVEL);

        assertThat(level).isEqualTo(new EffectiveSetting(LOG_LEVEL, Optional.of("TRACE"), SettingSource.FLAG));
    }

    @Test
    void theAdministratorsValueWinsOverTheUsersAndIsLocked() {
        EffectiveSetting capacity = LaunchSettings.merge(
                        Map.of(), Map.of(OUTBOX_CAPACITY, "200"), Map.of(OUTBOX_CAPACITY, "9000"))
                .get(OUTBOX_CAPACITY);

        assertThat(capacity.value()).hasValue("9000");
        assertThat(capacity.source()).isEqualTo(SettingSource.SYSTEM);
        assertThat(capacity.locked()).isTrue();
    }

    @Test
    void aFlagForALockedSettingIsRefusedNamingTheFlagAndTheAdministrator() {
        assertThatThrownBy(() -> LaunchSettings.merge(
                        Map.of(BACKEND, "https://other.example.com"),
                        Map.of(),
                        Map.of(BACKEND, "https://crm.example.com")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("--backend cannot be given: setting 'backend' is locked: the administrator set it"
                        + " for this computer (see 'deskphone settings show')");
    }

    @Test
    void eachSettingIsMergedOnItsOwn() {
        LaunchSettings settings = LaunchSettings.merge(
                Map.of(AUTO_ANSWER, "5"),
                Map.of(LOG_LEVEL, "WARN", AUTO_ANSWER, "off"),
                Map.of(OUTBOX_CAPACITY, "1000"));

        assertThat(settings.get(AUTO_ANSWER).source()).isEqualTo(SettingSource.FLAG);
        assertThat(settings.get(LOG_LEVEL).source()).isEqualTo(SettingSource.USER);
        assertThat(settings.get(OUTBOX_CAPACITY).source()).isEqualTo(SettingSource.SYSTEM);
        assertThat(settings.get(BACKEND).source()).isEqualTo(SettingSource.DEFAULT);
    }

    @Test
    void aBackendAndItsTokenFileGoTogetherWhateverTheirSources() {
        assertThatThrownBy(() -> LaunchSettings.merge(Map.of(), Map.of(), Map.of(BACKEND, "https://crm.example.com"))
                        .checkBackendPair())
                .hasMessageStartingWith("--backend needs --backend-token-file FILE");
        assertThatThrownBy(() -> LaunchSettings.merge(Map.of(BACKEND_TOKEN_FILE, "/t"), Map.of(), Map.of())
                        .checkBackendPair())
                .hasMessageStartingWith("--backend-token-file needs --backend");
        // The administrator's backend with the user's token file is a whole pair.
        LaunchSettings.merge(Map.of(), Map.of(BACKEND_TOKEN_FILE, "/t"), Map.of(BACKEND, "https://crm.example.com"))
                .checkBackendPair();
    }

    @Test
    void aBackendCaFileNeedsAnHttpsBackendWhateverTheirSources() {
        assertThatThrownBy(() -> LaunchSettings.merge(Map.of(), Map.of(BACKEND_CA_FILE, "/ca.pem"), Map.of())
                        .checkBackendPair())
                .hasMessage("--backend-ca-file needs --backend (the embedded backend is plain HTTP on loopback)");
        assertThatThrownBy(() -> LaunchSettings.merge(
                                Map.of(BACKEND_CA_FILE, "/ca.pem"),
                                Map.of(),
                                Map.of(BACKEND, "http://crm.example.com", BACKEND_TOKEN_FILE, "/t"))
                        .checkBackendPair())
                .hasMessage("--backend-ca-file is for an https:// --backend, got 'http://crm.example.com'");
        LaunchSettings.merge(
                        Map.of(),
                        Map.of(BACKEND_CA_FILE, "/ca.pem"),
                        Map.of(BACKEND, "https://crm.example.com", BACKEND_TOKEN_FILE, "/t"))
                .checkBackendPair();
    }

    @Test
    void valuesAreCheckedWithTheFlagsWords() {
        assertThat(OUTBOX_CAPACITY.check(" 200 ")).isEqualTo("200");
        assertThat(LOG_LEVEL.check("debug")).isEqualTo("DEBUG");
        assertThat(AUTO_ANSWER.check("OFF")).isEqualTo("off");
        assertThat(LaunchSetting.AUTOSTART.check("On")).isEqualTo("on");
        assertThatThrownBy(() -> OUTBOX_CAPACITY.check("5"))
                .hasMessage("--outbox-capacity must be between 100 and 10000000, got 5");
        assertThatThrownBy(() -> OUTBOX_CAPACITY.check("many"))
                .hasMessage("--outbox-capacity must be a whole number between 100 and 10000000, got 'many'");
        assertThatThrownBy(() -> LaunchSetting.WRAPUP_SECONDS.check("3601"))
                .hasMessage("--wrapup-seconds must be between 0 and 3600, got 3601");
        assertThatThrownBy(() -> AUTO_ANSWER.check("601"))
                .hasMessage("--auto-answer: must be 0 to 600 seconds or off, got 601");
        assertThatThrownBy(() -> LOG_LEVEL.check("loud"))
                .hasMessage("Invalid value for option '--log-level': expected one of"
                        + " [ERROR, WARN, INFO, DEBUG, TRACE] (case-insensitive) but was 'loud'");
        assertThatThrownBy(() -> BACKEND.check("ftp://x"))
                .hasMessage("--backend must be an http:// or https:// URL, got 'ftp://x'");
        assertThatThrownBy(() -> LaunchSetting.AUTOSTART.check("yes"))
                .hasMessage("--autostart must be on or off, got 'yes'");
        assertThatThrownBy(() -> BACKEND.check(" ")).hasMessage("--backend: give a value");
        assertThatThrownBy(() -> BACKEND_CA_FILE.check("/no/such/ca.pem"))
                .hasMessageStartingWith("--backend-ca-file: ");
    }

    /** The launch reads the backend's CA file once, where it builds the trust: its check at launch only names the file. */
    @Test
    void aLaunchChecksTheCaFilesNameAndLeavesReadingItToTheBackendsTrust() {
        String missing = java.nio.file.Path.of("/no/such/ca.pem").toString();

        assertThat(BACKEND_CA_FILE.checkAtLaunch(" " + missing + " ")).isEqualTo(missing);
        assertThatThrownBy(() -> BACKEND_CA_FILE.check(missing)).hasMessageStartingWith("--backend-ca-file: ");
        assertThat(LOG_LEVEL.checkAtLaunch("debug")).isEqualTo(LOG_LEVEL.check("debug"));
        assertThatThrownBy(() -> BACKEND_CA_FILE.checkAtLaunch(" ")).hasMessage("--backend-ca-file: give a value");
    }
}
