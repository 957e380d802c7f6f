package dev.deskphone.server;

import static dev.deskphone.server.Calls.T1;
import static dev.deskphone.server.Calls.answered;
import static dev.deskphone.server.Calls.created;
import static dev.deskphone.server.Calls.newId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.server.ApiClient.Response;
import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may do what: agent tokens limited to their accounts on every write and read path, reporting
 * tokens that only read, tokens from before roles existed still admins after the migration, and
 * the {@code /metrics} secret. Once on SQLite, once on PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
@ExtendWith(PostgresExtension.class)
class ServerAccessIT {
    private static final String METRICS_SECRET = "scrape-me-0123456789abcdef";

    @Parameter
    TestDatabase database;

    static BackendUnderTest backend;
    static ApiClient admin;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database, Postgres postgres) throws Exception {
        backend = new BackendUnderTest(
                database,
                postgres,
                Files.createTempDirectory("deskphone-access-it"),
                "access",
                config -> config.withMetricsToken(METRICS_SECRET));
        admin = backend.api;
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        backend.close();
    }

    private static String account() {
        return "acct-" + newId().substring(0, 8);
    }

    private static ApiClient token(String name, TokenScope scope) {
        try (TokenAdmin tokens = TokenAdmin.open(backend.jdbcUrl)) {
            return admin.withToken(tokens.create(name + "-" + newId().substring(0, 6), scope));
        }
    }

    private static String createCall(ApiClient client, String account) throws Exception {
        String id = newId();
        assertThat(client.post("/internal/calls", created(id, account)).status())
                .isEqualTo(201);
        return id;
    }

    @Test
    void anAgentTokenRecordsOnlyItsAccountsAndA403NamesTheAccount() throws Exception {
        String mine = account();
        String theirs = account();
        ApiClient agent = token("desk", TokenScope.agent(List.of(mine)));

        String own = createCall(agent, mine);
        assertThat(agent.post("/internal/calls/" + own + "/answered", answered(T1))
                        .status())
                .isEqualTo(200);

        String otherId = newId();
        Response refused = agent.post("/internal/calls", created(otherId, theirs));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("account '" + theirs + "'").contains("may not record");
        assertThat(backend.rowsFor(otherId)).isZero();

        String adminCall = createCall(admin, theirs);
        Response answer =
                agent.post("/internal/calls/" + adminCall + "/answered", answered(T1), "Idempotency-Key", newId());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).contains("account '" + theirs + "'");
        assertThat(admin.get("/internal/calls/" + adminCall)
                        .json()
                        .path("answered_at")
                        .isNull())
                .isTrue();
    }

    @Test
    void anIdempotentReplayOfAnotherAccountsEventIsRefusedToo() throws Exception {
        String theirs = account();
        String id = createCall(admin, theirs);
        String key = newId();
        assertThat(admin.post("/internal/calls/" + id + "/answered", answered(T1), "Idempotency-Key", key)
                        .status())
                .isEqualTo(200);
        ApiClient agent = token("desk", TokenScope.agent(List.of(account())));
        Response replay = agent.post("/internal/calls/" + id + "/answered", answered(T1), "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.message()).contains("account '" + theirs + "'");
    }

    @Test
    void anAgentTokenReadsOnlyItsAccountsOnEveryReadPath() throws Exception {
        String mine = account();
        String alsoMine = account();
        String theirs = account();
        String own = createCall(admin, mine);
        String own2 = createCall(admin, alsoMine);
        String other = createCall(admin, theirs);
        ApiClient agent = token("desk", TokenScope.agent(List.of(mine, alsoMine)));

        assertThat(agent.get("/internal/calls/" + own).status()).isEqualTo(200);
        Response show = agent.get("/internal/calls/" + other);
        assertThat(show.status()).isEqualTo(403);
        assertThat(show.message()).contains("may not read calls of account '" + theirs + "'");

        List<String> listed = ids(agent.get("/internal/calls?limit=500"));
        assertThat(listed).contains(own, own2).doesNotContain(other);
        assertThat(ids(agent.get("/internal/calls?account=" + mine))).containsExactly(own);
        Response filtered = agent.get("/internal/calls?account=" + theirs);
        assertThat(filtered.status()).isEqualTo(403);
        assertThat(filtered.message()).contains("account '" + theirs + "'");

        List<String> totals = new ArrayList<>();
        agent.get("/internal/reports/accounts")
                .json()
                .path("data")
                .forEach(row -> totals.add(row.path("account").asText()));
        assertThat(totals).containsExactlyInAnyOrder(mine, alsoMine).doesNotContain(theirs);
        assertThat(ids(admin.get("/internal/calls?limit=500"))).contains(own, own2, other);
    }

    @Test
    void aReportingTokenReadsEverythingAndRecordsNothing() throws Exception {
        String theirs = account();
        String id = createCall(admin, theirs);
        ApiClient reporting = token("wallboard", TokenScope.reporting());

        assertThat(reporting.get("/internal/calls/" + id).status()).isEqualTo(200);
        assertThat(ids(reporting.get("/internal/calls?account=" + theirs))).containsExactly(id);
        assertThat(reporting
                        .get("/internal/reports/accounts")
                        .json()
                        .path("data")
                        .toString())
                .contains(theirs);

        Response create = reporting.post("/internal/calls", created(newId(), theirs));
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.message()).contains("reporting role").contains("may read calls but not record");
        assertThat(reporting
                        .post("/internal/calls/" + id + "/answered", answered(T1))
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/internal/calls/" + id).json().path("answered_at").isNull())
                .isTrue();
    }

    @Test
    void forbiddenEventsAreCountedAsSuch() throws Exception {
        ApiClient reporting = token("wallboard", TokenScope.reporting());
        assertThat(reporting
                        .post("/internal/calls", created(newId(), account()))
                        .status())
                .isEqualTo(403);
        String metrics = admin.withToken(METRICS_SECRET).get("/metrics").body();
        assertThat(metrics).contains("outcome=\"forbidden\"");
    }

    @Test
    void metricsNeedsItsSecretAndHealthStaysOpen() throws Exception {
        ApiClient anonymous = admin.withToken(null);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        Response none = anonymous.get("/metrics");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.message()).contains("metrics token");
        assertThat(admin.get("/metrics").status())
                .as("an API token is not the metrics secret")
                .isEqualTo(401);
        assertThat(admin.withToken(METRICS_SECRET + "x").get("/metrics").status())
                .isEqualTo(401);
        Response scraped = admin.withToken(METRICS_SECRET).get("/metrics");
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("deskphone_http_requests_total");
    }

    @Test
    void tokensFromBeforeRolesKeepWorkingAsAdmins(Postgres postgres) throws Exception {
        Path dir = Files.createTempDirectory("deskphone-legacy-it");
        String url = database.newJdbcUrl(dir, postgres, "legacy");
        Flyway.configure()
                .dataSource(url, null, null)
                .locations(Database.MIGRATIONS)
                .target("1")
                .load()
                .migrate();
        String secret = "dpk_legacy-" + newId();
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES (?, 'old-crm', ?, 0)")) {
            insert.setString(1, newId());
            insert.setString(2, TokenSecrets.hash(secret));
            insert.executeUpdate();
        }

        assertThat(BackendMaintenance.migrate(url, null))
                .containsExactly("2 token roles", "3 far end headers", "4 call transfer");
        assertThat(BackendMaintenance.migrate(url, null)).isEmpty();
        try (BackendServer server = BackendServer.start(new BackendConfig(BackendConfig.LOOPBACK, 0, url, dir));
                TokenAdmin tokens = TokenAdmin.open(url)) {
            ApiClient old = new ApiClient(server.baseUrl(), secret);
            String id = createCall(old, account());
            assertThat(old.get("/internal/calls/" + id).status()).isEqualTo(200);
            assertThat(tokens.list())
                    .filteredOn(t -> t.name().equals("old-crm"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.scope()).isEqualTo(TokenScope.admin()));
        }
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode call : response.json().path("data")) {
            ids.add(call.path("id").asText());
        }
        return ids;
    }
}
