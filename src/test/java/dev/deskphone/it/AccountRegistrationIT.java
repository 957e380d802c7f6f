package dev.deskphone.it;

import static dev.deskphone.testsupport.DeskphoneProcess.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.PbxAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app, provisioned through its CLI, against a real Kamailio over WebSocket with digest
 * authentication: what an agent sees (account states in the running app) and what the PBX sees
 * (its location table).
 */
class AccountRegistrationIT {
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void sixAccountsRegisterAndRecoverByThemselvesAfterThePbxRestarts() throws Exception {
        Map<String, String> users = subscribers(6);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            provision(app, pbx.wsUrl(), users);

            app.start();
            JsonNode status =
                    app.awaitStatus("6 accounts registered", REGISTER_TIMEOUT, s -> allIn(s, "registered", 6));
            assertThat(states(status).keySet()).containsExactlyInAnyOrderElementsOf(accountIds(users));
            assertThat(pbx.registeredExtensions()).isEqualTo(users.keySet());
            assertBoundOverWebSocket(pbx, users.keySet());

            pbx.restart();
            assertThat(pbx.registeredExtensions())
                    .as("a restarted Kamailio has forgotten every registration")
                    .isEmpty();

            app.awaitStatus(
                    "6 accounts registered again after the PBX restart",
                    Duration.ofSeconds(60),
                    s -> allIn(s, "registered", 6) && registeredAt(pbx).equals(users.keySet()));
            assertThat(pbx.registeredExtensions()).isEqualTo(users.keySet());
            assertBoundOverWebSocket(pbx, users.keySet());
        }
    }

    @Test
    void wrongPasswordShowsAsFailedWithTheSipStatus() throws Exception {
        Map<String, String> users = subscribers(2);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
            addAccount(app, "1001", users.get("1001"));
            addAccount(app, "1002", "not-the-password");

            app.start();
            JsonNode status = app.awaitStatus(
                    "1002 failed and 1001 registered",
                    REGISTER_TIMEOUT,
                    s -> "failed".equals(states(s).get("pbx/1002"))
                            && "registered".equals(states(s).get("pbx/1001")));

            JsonNode failed = account(status, "pbx/1002");
            assertThat(failed.path("statusCode").asInt()).isEqualTo(403);
            assertThat(failed.path("reason").asText()).containsIgnoringCase("forbidden");
            assertThat(pbx.registeredExtensions()).containsExactly("1001");
            assertBoundOverWebSocket(pbx, Set.of("1001"));
            assertThat(Files.readString(app.configDir().resolve("deskphone.json")))
                    .doesNotContain("not-the-password");
        }
    }

    @Test
    void statusCommandReportsTheRunningInstance() throws Exception {
        Map<String, String> users = subscribers(1);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            provision(app, pbx.wsUrl(), users);
            DeskphoneProcess.CliResult notRunning = app.cli("status");
            assertThat(notRunning.exitCode())
                    .as("status with no running instance")
                    .isNotZero();
            assertThat(notRunning.stderr())
                    .as("the reason")
                    .contains("Deskphone is not running for " + app.configDir());

            app.start();
            app.awaitStatus("registered", REGISTER_TIMEOUT, s -> allIn(s, "registered", 1));
            assertBoundOverWebSocket(pbx, users.keySet());

            DeskphoneProcess.CliResult result = app.cliOk("status", "--json");
            assertThat(result.stdout()).contains("\"pbx/1001\"").contains("\"registered\"");
        }
    }

    static Map<String, String> subscribers(int count) {
        return PbxAccounts.subscribers(count);
    }

    static void provision(DeskphoneProcess app, String server, Map<String, String> users) throws Exception {
        app.cliOk("profile", "add", "pbx", "--server", server, "--domain", Kamailio.DOMAIN, "--default");
        for (Map.Entry<String, String> user : users.entrySet()) {
            addAccount(app, user.getKey(), user.getValue());
        }
    }

    static void addAccount(DeskphoneProcess app, String extension, String password) throws Exception {
        PbxAccounts.addAccount(app, extension, password);
    }

    static Set<String> accountIds(Map<String, String> users) {
        return users.keySet().stream().map(ext -> "pbx/" + ext).collect(Collectors.toSet());
    }

    static boolean allIn(JsonNode status, String state, int count) {
        return PbxAccounts.allIn(status, state, count);
    }

    static JsonNode account(JsonNode status, String id) {
        for (JsonNode account : status.path("accounts")) {
            if (id.equals(account.path("account").asText())) {
                return account;
            }
        }
        throw new AssertionError("no account " + id + " in " + status);
    }

    /**
     * What the PBX routes calls by: its location table binds each extension once, to a contact
     * reached over the WebSocket transport (RFC 7118 section 5: "transport=ws" in the Contact URI).
     */
    static void assertBoundOverWebSocket(Kamailio pbx, Set<String> extensions) throws Exception {
        List<Kamailio.Contact> contacts = pbx.contacts();
        assertThat(contacts)
                .extracting(Kamailio.Contact::extension)
                .as("%s", contacts)
                .containsExactlyInAnyOrderElementsOf(extensions);
        assertThat(contacts).allSatisfy(contact -> {
            assertThat(contact.address()).contains("transport=ws");
            assertThat(contact.expires()).isPositive();
        });
    }

    private static Set<String> registeredAt(Kamailio pbx) {
        try {
            return pbx.registeredExtensions();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
