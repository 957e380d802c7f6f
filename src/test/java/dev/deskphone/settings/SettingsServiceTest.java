package dev.deskphone.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.ConfigException;
import dev.deskphone.profile.ConfigScope;
import dev.deskphone.testsupport.ConfigSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsServiceTest {
    @TempDir
    Path tmp;

    private ConfigDirs dirs;
    private SettingsService service;
    private Path token;

    @BeforeEach
    void setUp() throws Exception {
        dirs = new ConfigDirs(tmp.resolve("user"), tmp.resolve("system"));
        Autostart autostart = new Autostart(
                tmp.resolve("xdg-user/autostart"), tmp.resolve("xdg-system/autostart"), "/opt/deskphone/bin/deskphone");
        service = new SettingsService(dirs, autostart);
        token = Files.writeString(tmp.resolve("backend.token"), "dp_abc123\n");
    }

    @Test
    void storedValuesAreLoadedBackCheckedAndNormalised() throws Exception {
        service.set(ConfigScope.USER, Map.of(LaunchSetting.OUTBOX_CAPACITY, "2000", LaunchSetting.LOG_LEVEL, "debug"));

        LaunchSettings loaded = service.load(Map.of());
        assertThat(loaded.value(LaunchSetting.OUTBOX_CAPACITY)).hasValue("2000");
        assertThat(loaded.value(LaunchSetting.LOG_LEVEL)).hasValue("DEBUG");
        assertThat(loaded.get(LaunchSetting.LOG_LEVEL).source()).isEqualTo(SettingSource.USER);
        Path file = dirs.user().resolve("settings.json");
        assertThat(Files.readString(file)).contains("\"version\" : 1", "\"outbox-capacity\" : \"2000\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void aTokenFileIsKeptAsAnAbsolutePathAndMustHoldAToken() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(token);
        service.set(
                ConfigScope.SYSTEM,
                Map.of(
                        LaunchSetting.BACKEND,
                        "https://crm.example.com",
                        LaunchSetting.BACKEND_TOKEN_FILE,
                        relative.toString()));

        assertThat(service.load(Map.of()).value(LaunchSetting.BACKEND_TOKEN_FILE))
                .hasValue(token.toString());
        Path empty = Files.writeString(tmp.resolve("empty"), "");
        assertThatThrownBy(
                        () -> service.set(ConfigScope.USER, Map.of(LaunchSetting.BACKEND_TOKEN_FILE, empty.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void aBackendWithoutItsTokenIsRefusedAndNothingIsWritten() {
        ConfigSnapshot before = ConfigSnapshot.of(tmp);

        assertThatThrownBy(
                        () -> service.set(ConfigScope.SYSTEM, Map.of(LaunchSetting.BACKEND, "https://crm.example.com")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("--backend needs --backend-token-file");
        assertThat(ConfigSnapshot.of(tmp)).isEqualTo(before);
    }

    @Test
    void aUserCannotSetOrUnsetWhatTheAdministratorSet() {
        service.set(ConfigScope.SYSTEM, Map.of(LaunchSetting.WRAPUP_SECONDS, "30"));
        ConfigSnapshot before = ConfigSnapshot.of(tmp);

        String locked = "setting 'wrapup-seconds' is locked: the administrator set it in "
                + dirs.system().resolve("settings.json") + " and only they can change it";
        assertThatThrownBy(() -> service.set(ConfigScope.USER, Map.of(LaunchSetting.WRAPUP_SECONDS, "10")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(locked);
        assertThatThrownBy(() -> service.unset(ConfigScope.USER, List.of(LaunchSetting.WRAPUP_SECONDS)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(locked);
        assertThat(ConfigSnapshot.of(tmp)).isEqualTo(before);
        // The user may still set what is not locked.
        service.set(ConfigScope.USER, Map.of(LaunchSetting.AUTO_ANSWER, "3"));
    }

    @Test
    void unsetRemovesOnlyWhatWasSetAndSaysSo() {
        service.set(ConfigScope.USER, Map.of(LaunchSetting.OUTBOX_CAPACITY, "2000", LaunchSetting.AUTO_ANSWER, "off"));

        List<LaunchSetting> removed =
                service.unset(ConfigScope.USER, List.of(LaunchSetting.OUTBOX_CAPACITY, LaunchSetting.LOG_LEVEL));

        assertThat(removed).containsExactly(LaunchSetting.OUTBOX_CAPACITY);
        LaunchSettings loaded = service.load(Map.of());
        assertThat(loaded.get(LaunchSetting.OUTBOX_CAPACITY).source()).isEqualTo(SettingSource.DEFAULT);
        assertThat(loaded.value(LaunchSetting.AUTO_ANSWER)).hasValue("off");
    }

    @Test
    void aDamagedFileIsReportedNamingItAndIsNeverOverwritten() throws Exception {
        Path file = Files.createDirectories(dirs.user()).resolve("settings.json");
        Files.writeString(file, "{\"version\": 1, \"settings\": {\"outbox-capacity\": ");
        ConfigSnapshot before = ConfigSnapshot.of(tmp);

        assertThatThrownBy(() -> service.load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid")
                .hasMessageEndingWith("it was left unchanged");
        assertThatThrownBy(() -> service.set(ConfigScope.USER, Map.of(LaunchSetting.LOG_LEVEL, "WARN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": not valid");
        assertThat(ConfigSnapshot.of(tmp)).isEqualTo(before);
    }

    @Test
    void aBadOrUnknownValueInAFileNamesTheFileAndTheSetting() throws Exception {
        Path file = Files.createDirectories(dirs.system()).resolve("settings.json");
        Files.writeString(file, "{\"version\": 1, \"settings\": {\"outbox-capacity\": 5}}");
        assertThatThrownBy(() -> service.load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": setting \"outbox-capacity\": --outbox-capacity must be between 100 and 10000000,"
                        + " got 5; it was left unchanged");

        Files.writeString(file, "{\"version\": 1, \"settings\": {\"backend-url\": \"https://x\"}}");
        assertThatThrownBy(() -> service.load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        file + ": unknown setting \"backend-url\" (settings: backend, backend-token-file,");

        Files.writeString(file, "{\"version\": 2, \"settings\": {}}");
        assertThatThrownBy(() -> service.load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ": unsupported \"version\" 2");
    }

    @Test
    void autostartWritesAndRemovesTheXdgEntryOfItsScope() throws Exception {
        Path userEntry = tmp.resolve("xdg-user/autostart/dev.deskphone.Deskphone.desktop");
        Path systemEntry = tmp.resolve("xdg-system/autostart/dev.deskphone.Deskphone.desktop");

        service.set(ConfigScope.USER, Map.of(LaunchSetting.AUTOSTART, "on"));
        assertThat(Files.readString(userEntry))
                .startsWith("[Desktop Entry]\n")
                .contains("Type=Application\n", "Exec=/opt/deskphone/bin/deskphone\n");
        assertThat(systemEntry).doesNotExist();

        service.set(ConfigScope.USER, Map.of(LaunchSetting.AUTOSTART, "off"));
        assertThat(userEntry).doesNotExist();
        assertThat(service.load(Map.of()).value(LaunchSetting.AUTOSTART)).hasValue("off");

        service.set(ConfigScope.SYSTEM, Map.of(LaunchSetting.AUTOSTART, "on"));
        assertThat(systemEntry).exists();
        assertThatThrownBy(() -> service.set(ConfigScope.USER, Map.of(LaunchSetting.AUTOSTART, "off")))
                .hasMessageStartingWith("setting 'autostart' is locked");
        service.unset(ConfigScope.SYSTEM, List.of(LaunchSetting.AUTOSTART));
        assertThat(systemEntry).doesNotExist();
    }

    @Test
    void changesAreWhatSetWouldAlterCheckedAsItChecks() throws Exception {
        service.set(ConfigScope.USER, Map.of(LaunchSetting.OUTBOX_CAPACITY, "2000", LaunchSetting.AUTOSTART, "on"));

        assertThat(service.changes(
                        ConfigScope.USER,
                        Map.of(
                                LaunchSetting.OUTBOX_CAPACITY,
                                " 2000",
                                LaunchSetting.LOG_LEVEL,
                                "warn",
                                LaunchSetting.AUTOSTART,
                                "on")))
                .isEqualTo(Map.of(LaunchSetting.LOG_LEVEL, "WARN"));
        Files.delete(tmp.resolve("xdg-user/autostart/dev.deskphone.Deskphone.desktop"));
        assertThat(service.changes(ConfigScope.USER, Map.of(LaunchSetting.AUTOSTART, "on")))
                .as("a removed entry is written again")
                .isEqualTo(Map.of(LaunchSetting.AUTOSTART, "on"));
        assertThatThrownBy(() -> service.changes(ConfigScope.USER, Map.of(LaunchSetting.OUTBOX_CAPACITY, "5")))
                .isInstanceOf(InvalidSettingException.class);
        service.set(ConfigScope.SYSTEM, Map.of(LaunchSetting.LOG_LEVEL, "ERROR"));
        assertThatThrownBy(() -> service.changes(ConfigScope.USER, Map.of(LaunchSetting.LOG_LEVEL, "ERROR")))
                .hasMessageStartingWith("setting 'log-level' is locked");
    }

    @Test
    void autostartDirectoriesFollowTheXdgVariables() {
        Path home = tmp.resolve("home");
        Autostart fromEnv = Autostart.resolve(
                Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_CONFIG_DIRS", "relative:/etc/corp:/etc/xdg"), home);
        assertThat(fromEnv.entry(ConfigScope.USER))
                .isEqualTo(Path.of("/cfg/autostart/dev.deskphone.Deskphone.desktop"));
        assertThat(fromEnv.entry(ConfigScope.SYSTEM))
                .isEqualTo(Path.of("/etc/corp/autostart/dev.deskphone.Deskphone.desktop"));

        Autostart defaults = Autostart.resolve(Map.of("XDG_CONFIG_HOME", "relative"), home);
        assertThat(defaults.entry(ConfigScope.USER))
                .isEqualTo(home.resolve(".config/autostart/dev.deskphone.Deskphone.desktop"));
        assertThat(defaults.entry(ConfigScope.SYSTEM))
                .isEqualTo(Path.of("/etc/xdg/autostart/dev.deskphone.Deskphone.desktop"));
        assertThat(Autostart.quoted("/opt/My Apps/deskphone")).isEqualTo("\"/opt/My Apps/deskphone\"");
    }
}
