package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendConfigTest {
    @Test
    void theDataDirectoryFollowsTheXdgSpec() {
        assertThat(BackendConfig.defaultDataDir(Map.of("DESKPHONE_DATA_DIR", "/d", "XDG_DATA_HOME", "/x")))
                .isEqualTo(Path.of("/d"));
        assertThat(BackendConfig.defaultDataDir(Map.of("XDG_DATA_HOME", "/x", "HOME", "/h")))
                .isEqualTo(Path.of("/x/deskphone"));
        assertThat(BackendConfig.defaultDataDir(Map.of("XDG_DATA_HOME", "relative", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/share/deskphone"));
        assertThat(BackendConfig.defaultDataDir(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.local/share/deskphone"));
    }

    @Test
    void theEmbeddedDefaultIsLoopbackAnyPortAndSqliteInTheDataDirectory() {
        BackendConfig config = BackendConfig.embedded(Path.of("/data"));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/backend.db");
    }

    @Test
    void unsupportedDatabasesAndPortsAreRejectedWithoutLeakingPasswords() {
        assertThatThrownBy(() -> BackendConfig.embedded(Path.of("/d")).withJdbcUrl("jdbc:mysql://db/x?password=hunter2"))
                .hasMessageContaining("jdbc:sqlite:FILE or jdbc:postgresql://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> BackendConfig.embedded(Path.of("/d")).withPort(70_000)).hasMessageContaining("port");
    }

    @Test
    void jdbcUrlsAreRedactedForLogs() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/calls?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/calls?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://app:s3cret@db/calls")).isEqualTo("jdbc:postgresql://app:***@db/calls");
    }
}
