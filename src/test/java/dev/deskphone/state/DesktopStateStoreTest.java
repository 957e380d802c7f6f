package dev.deskphone.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopStateStoreTest {
    private final ObjectMapper json = new ObjectMapper();
    private final Executor now = Runnable::run;

    @TempDir
    Path dataDir;

    @Test
    void closeToTrayDefaultsToOnWhereATrayExistsAndIsNeverOnWithoutOne() {
        assertThat(DesktopState.DEFAULTS.closesToTray(true)).isTrue();
        assertThat(DesktopState.DEFAULTS.closesToTray(false)).isFalse();
        assertThat(DesktopState.DEFAULTS.withCloseToTray(false).closesToTray(true))
                .isFalse();
        assertThat(DesktopState.DEFAULTS.withCloseToTray(true).closesToTray(false))
                .isFalse();
    }

    @Test
    void theStateSurvivesARestartAndNoTempFileIsLeft() throws Exception {
        WindowGeometry geometry = new WindowGeometry(120, 80, 500, 700, false);
        new DesktopStateStore(dataDir, json, now)
                .update(s -> s.withWindow(geometry).withCloseToTray(false));

        DesktopState reread = new DesktopStateStore(dataDir, json, now).get();

        assertThat(reread.window()).isEqualTo(geometry);
        assertThat(reread.closeToTray()).isFalse();
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DesktopStateStore.FILE_NAME);
        }
    }

    @Test
    void aDamagedFileMeansDefaultsAndIsOnlyReplacedByTheNextSave() throws Exception {
        Path file = dataDir.resolve(DesktopStateStore.FILE_NAME);
        Files.writeString(file, "{ not json");

        DesktopStateStore store = new DesktopStateStore(dataDir, json, now);

        assertThat(store.get()).isEqualTo(DesktopState.DEFAULTS);
        assertThat(Files.readString(file)).isEqualTo("{ not json");
        store.update(s -> s.withCloseToTray(true));
        assertThat(json.readTree(file.toFile()).path("closeToTray").asBoolean()).isTrue();
    }

    @Test
    void fieldsFromANewerVersionAreIgnored() throws Exception {
        Files.writeString(
                dataDir.resolve(DesktopStateStore.FILE_NAME), "{\"closeToTray\": false, \"theme\": \"dark\"}");

        assertThat(new DesktopStateStore(dataDir, json, now).get().closeToTray())
                .isFalse();
    }
}
