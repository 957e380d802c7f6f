package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackendConfigTest {
    @Test
    void theEmbeddedDefaultIsLoopbackAnyPortAndSqliteInTheDataDirectory() {
        BackendConfig config = BackendConfig.embedded(Path.of("/data"));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/data/backend.db");
    }

    @Test
    void unsupportedDatabasesAndPortsAreRejectedWithoutLeakingPasswords() {
        assertThatThrownBy(
                        () -> BackendConfig.embedded(Path.of("/d")).withJdbcUrl("jdbc:mysql://db/x?password=hunter2"))
                .hasMessageContaining("jdbc:sqlite:FILE or jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> BackendConfig.embedded(Path.of("/d")).withPort(70_000))
                .hasMessageContaining("port");
    }

    @Test
    void jdbcUrlsAreRedactedForLogs() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/calls?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/calls?user=app&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://app:s3cret@db/calls"))
                .isEqualTo("jdbc:postgresql://app:***@db/calls");
    }
}
