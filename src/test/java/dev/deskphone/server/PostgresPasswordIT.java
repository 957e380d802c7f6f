package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostgreSQL password given apart from the URL reaches every way in: server, migrate, tokens. */
@ExtendWith(PostgresExtension.class)
class PostgresPasswordIT {
    private static final String PASSWORD = "s3cret-'quoted\" pw";

    @Test
    void thePasswordFromItsOwnSettingLogsInAndNoPasswordDoesNot(Postgres postgres) throws Exception {
        String url = postgres.createDatabaseWithPassword("password", PASSWORD);
        Path dir = Files.createTempDirectory("deskphone-pg-password-it");

        assertThatThrownBy(() -> BackendMaintenance.migrate(url, "wrong"))
                .hasMessageContaining("password")
                .hasMessageNotContaining("wrong");
        assertThat(BackendMaintenance.migrate(url, PASSWORD))
                .containsExactly("1 calls tokens idempotency", "2 token roles", "3 far end headers", "4 call transfer");

        String token;
        try (TokenAdmin tokens = TokenAdmin.open(url, PASSWORD)) {
            token = tokens.create("ops", TokenScope.admin());
        }
        BackendConfig config = new BackendConfig(BackendConfig.LOOPBACK, 0, url, dir).withDbPassword(PASSWORD);
        assertThat(config.toString()).doesNotContain(PASSWORD);
        try (BackendServer server = BackendServer.start(config)) {
            ApiClient api = new ApiClient(server.baseUrl(), token);
            assertThat(api.post("/internal/calls", Calls.created(Calls.newId(), "1001"))
                            .status())
                    .isEqualTo(201);
        }
    }
}
