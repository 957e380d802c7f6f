package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** close() under load: every request answered with a 2xx was committed, none got a 500. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
@ExtendWith(PostgresExtension.class)
class GracefulShutdownIT {
    @Parameter
    TestDatabase database;

    @Test
    void closingUnderLoadCommitsEveryAcceptedRequest(Postgres postgres) throws Exception {
        BackendUnderTest backend =
                new BackendUnderTest(database, postgres, Files.createTempDirectory("deskphone-stop-it"), "graceful");
        LoadUntilStopped load = new LoadUntilStopped(backend.server.baseUrl(), backend.server.localToken(), 8);
        while (load.answeredAcked.size() < 300) {
            Thread.sleep(10);
        }
        backend.server.close();
        load.close();

        Map<String, Long> stored = StoredCalls.read(backend.jdbcUrl);
        backend.close();
        assertThat(stored.keySet()).containsAll(load.createdAcked);
        assertThat(load.answeredAcked)
                .allSatisfy(id -> assertThat(stored.get(id)).isNotNull());
        assertThat(load.statuses.keySet()).doesNotContain(500);
    }
}
