package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.events.BackendRequest;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxEntry;
import dev.deskphone.events.PageCallEvent;
import dev.deskphone.events.PageEventParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private CliRunner cli;
    private Path dataDir;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root);
        dataDir = root.resolve("data");
        cli.env.put("XDG_DATA_HOME", root.toString());
        dataDir = root.resolve("deskphone");
    }

    @Test
    void launchFlagsAreCheckedBeforeAnythingStartsNamingTheFlag() throws Exception {
        Path token = root.resolve("token");
        Files.writeString(token, "dp_abc123\n");
        Path empty = Files.writeString(root.resolve("empty"), "  \n");
        String[][] cases = {
            {"--backend", "https://crm.example.com", "--backend needs --backend-token-file"},
            {"--backend-token-file", token.toString(), "--backend-token-file needs --backend"},
            {"--backend", "ftp://crm.example.com", "--backend must be an http:// or https:// URL"},
            {"--backend", "https://", "--backend: "},
            {"--backend", "https://crm.example.com/?x=1", "--backend: give the base URL only"},
            {
                "--backend",
                "https://crm.example.com",
                "--backend-token-file",
                root.resolve("nope").toString(),
                "no such file"
            },
            {"--backend", "https://crm.example.com", "--backend-token-file", empty.toString(), "is empty"},
            {"--outbox-capacity", "5", "--outbox-capacity must be between 100 and 10000000, got 5"},
            {"--wrapup-seconds", "-1", "--wrapup-seconds must be between 0 and 3600, got -1"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err())
                    .as(String.join(" ", args))
                    .startsWith("deskphone: ")
                    .contains(c[c.length - 1]);
            assertThat(result.err().strip().lines()).hasSize(1);
        }
        // Good flags pass validation; without a display the launch stops at the display check.
        CliRunner.Result good =
                cli.run("--backend", "https://crm.example.com/api", "--backend-token-file", token.toString());
        assertThat(good.exitCode()).isEqualTo(ExitCodes.NO_DISPLAY);
    }

    @Test
    void listsPendingAndDeadEventsAndRetriesThem() throws Exception {
        assertThat(cli.run("events", "list").err()).contains("no call-event outbox in " + dataDir);
        String call = UUID.randomUUID().toString();
        long dead;
        try (Outbox outbox = Outbox.open(dataDir.resolve("outbox.db"), 100, true)) {
            OutboxEntry created = append(
                    outbox,
                    "{\"event\":\"created\",\"callId\":\"" + call + "\",\"at\":1760000000000,"
                            + "\"direction\":\"outbound\",\"account\":\"1001\",\"profile\":\"office\",\"localUri\":\"sip:1001@pbx\","
                            + "\"remoteUri\":\"tel:+15550100\"}");
            append(outbox, "{\"event\":\"answered\",\"callId\":\"" + call + "\",\"at\":1760000001000}");
            outbox.record(List.of(new Outbox.Refused(created.seq(), "HTTP 422: bad account")), 1);
            dead = created.seq();
        }

        String table = cli.ok("events", "list").out();
        assertThat(table)
                .contains(
                        "ID",
                        "LAST ERROR",
                        call,
                        "created",
                        "dead",
                        "HTTP 422: bad account",
                        "answered",
                        "pending",
                        "2025-10-09T08:53:20Z");
        assertThat(table).contains("CALL RECORD", "not delivered");
        assertThat(cli.ok("events", "list", "--dead").out())
                .contains("created", "not delivered")
                .doesNotContain("answered");
        JsonNode json = JSON.readTree(cli.ok("events", "list", "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("state").asText()).isEqualTo("dead");
        assertThat(json.get(0).get("body").get("remote_uri").asText()).isEqualTo("tel:+15550100");
        assertThat(json.get(1).get("path").asText()).isEqualTo("/internal/calls/" + call + "/answered");
        assertThat(json.get(1).get("callRecord").asText())
                .as("waits behind its dead created")
                .isEqualTo("not delivered");

        CliRunner.Result notDead = cli.run("events", "retry", String.valueOf(dead + 1));
        assertThat(notDead.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notDead.err()).contains("ID: no dead event " + (dead + 1));
        assertThat(cli.run("events", "retry").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.ok("events", "retry", String.valueOf(dead)).out())
                .contains("Event " + dead + " put back in line.");
        assertThat(cli.ok("events", "list").out()).contains("waiting").doesNotContain("not delivered");
        assertThat(cli.ok("events", "list", "--dead").out()).contains("No dead events.");
        assertThat(cli.ok("events", "retry", "--all").out()).contains("No dead events.");
    }

    @Test
    void eachCallsRecordIsNotDeliveredWhileAnEventIsDeadWaitingUntilCreatedIsSentElseDelivered() {
        OutboxEntry deadCreated =
                new OutboxEntry(1, "a", "created", 0, "k1", "/internal/calls", "{}", 0, 1, "HTTP 422", 5L);
        OutboxEntry waitingBehind = new OutboxEntry(2, "a", "answered", 0, "k2", "/p", "{}", 0, 0, null, null);
        OutboxEntry created = new OutboxEntry(3, "b", "created", 0, "k3", "/internal/calls", "{}", 0, 0, null, null);
        OutboxEntry ended = new OutboxEntry(4, "c", "ended", 0, "k4", "/p", "{}", 0, 0, null, null);
        OutboxEntry deadWrapUp = new OutboxEntry(5, "d", "wrapup", 0, "k5", "/p", "{}", 0, 1, "refused by the app", 6L);
        assertThat(EventsListCommand.callRecords(List.of(deadCreated, waitingBehind, created, ended, deadWrapUp)))
                .containsEntry("a", "not delivered")
                .containsEntry("b", "waiting")
                .containsEntry("c", "delivered")
                .containsEntry("d", "not delivered")
                .hasSize(4);
    }

    @Test
    void profilesCarryWrapUpSettingsCheckedLikeEveryOtherFlag() throws Exception {
        cli.ok(
                "profile",
                "add",
                "office",
                "--server",
                "wss://pbx.example.com/ws",
                "--domain",
                "pbx.example.com",
                "--disposition",
                "Sale",
                "--disposition",
                "No sale, call back",
                "--wrapup-seconds",
                "45");
        cli.ok("profile", "add", "lab", "--server", "ws://127.0.0.1:5066", "--domain", "lab.local");
        JsonNode profiles = JSON.readTree(cli.ok("profile", "list", "--json").out());
        assertThat(profiles.get(0).get("wrapUpSeconds").asInt()).isEqualTo(45);
        assertThat(profiles.get(0).get("dispositions"))
                .extracting(JsonNode::asText)
                .containsExactly("Sale", "No sale, call back");
        assertThat(profiles.get(1).get("wrapUpSeconds").asInt()).isEqualTo(60);
        assertThat(profiles.get(1).get("dispositions")).isEmpty();
        assertThat(cli.ok("profile", "show", "office").out())
                .contains("wrapup-seconds", "45 s", "Sale, No sale, call back");
        assertThat(Files.readString(cli.userDir.resolve("deskphone.json"))).doesNotContain("\"dispositions\" : [ ]");

        String[][] bad = {
            {"--wrapup-seconds", "3601", "--wrapup-seconds"},
            {"--disposition", "Sale", "--disposition", "Sale", "--disposition"},
            {"--disposition", "x".repeat(65), "--disposition"},
        };
        for (String[] c : bad) {
            List<String> args = new java.util.ArrayList<>(
                    List.of("profile", "add", "p2", "--server", "ws://127.0.0.1:5066", "--domain", "lab.local"));
            args.addAll(List.of(c).subList(0, c.length - 1));
            CliRunner.Result result = cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(args.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(args.toString()).contains(c[c.length - 1]);
        }
        assertThat(JSON.readTree(cli.ok("profile", "list", "--json").out())).hasSize(2);
    }

    private static OutboxEntry append(Outbox outbox, String message) throws Exception {
        PageCallEvent event = new PageEventParser().parse(JSON.readTree(message));
        return outbox.append(event, BackendRequest.of(event, JSON), 0);
    }
}
