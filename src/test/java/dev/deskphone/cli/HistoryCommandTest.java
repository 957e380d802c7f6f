package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.events.BackendRequest;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.PageCallEvent;
import dev.deskphone.events.PageEventParser;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone history}: the recent calls from the outbox file, with or without the app running. */
class HistoryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_760_000_000_000L;

    @TempDir
    Path root;

    private CliRunner cli;
    private Path dataDir;
    private final String answered = UUID.randomUUID().toString();
    private final String missed = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root);
        cli.env.put("XDG_DATA_HOME", root.toString());
        dataDir = root.resolve("deskphone");
    }

    private void append(Outbox outbox, String message) throws Exception {
        PageCallEvent event = new PageEventParser().parse(JSON.readTree(message));
        outbox.append(event, BackendRequest.of(event, JSON), 1);
    }

    private Outbox twoCalls() throws Exception {
        Outbox outbox = Outbox.open(dataDir.resolve("outbox.db"), 100, true);
        append(
                outbox,
                "{\"event\":\"created\",\"callId\":\"" + answered + "\",\"at\":" + T0
                        + ",\"direction\":\"outbound\",\"account\":\"1001\",\"profile\":\"office\",\"localUri\":\"sip:1001@pbx\","
                        + "\"remoteUri\":\"tel:+15550100\",\"remoteDisplayName\":\"Acme\"}");
        append(outbox, "{\"event\":\"answered\",\"callId\":\"" + answered + "\",\"at\":" + (T0 + 1000) + "}");
        append(
                outbox,
                "{\"event\":\"ended\",\"callId\":\"" + answered + "\",\"at\":" + (T0 + 66_000)
                        + ",\"reason\":\"completed\",\"endedBy\":\"local\"}");
        append(
                outbox,
                "{\"event\":\"created\",\"callId\":\"" + missed + "\",\"at\":" + (T0 + 100_000)
                        + ",\"direction\":\"inbound\",\"account\":\"1001\",\"profile\":\"office\",\"localUri\":\"sip:1001@pbx\","
                        + "\"remoteUri\":\"sip:2002@pbx\"}");
        append(
                outbox,
                "{\"event\":\"ended\",\"callId\":\"" + missed + "\",\"at\":" + (T0 + 100_010)
                        + ",\"reason\":\"missed\",\"endedBy\":\"local\",\"sipStatus\":603,\"unavailable\":\"dnd\"}");
        return outbox;
    }

    @Test
    void listsTheCallsNewestFirstWhileTheAppHoldsTheFile() throws Exception {
        try (Outbox app = twoCalls()) {
            CliRunner.Result result = cli.ok("history");
            String[] lines = result.out().split("\n");
            assertThat(lines[0]).contains("STARTED", "DIR", "PARTY", "ACCOUNT", "TALK", "OUTCOME", "MISSED");
            assertThat(lines[1]).contains("in", "sip:2002@pbx", "office/1001", "0:00", "missed (Do not disturb, 603)");
            assertThat(lines[1]).endsWith("missed");
            assertThat(lines[2]).contains("out", "Acme <tel:+15550100>", "office/1001", "1:05", "completed");
            assertThat(lines).hasSize(3);
        }
    }

    @Test
    void jsonLimitAndMissedWorkWhenTheAppIsNotRunning() throws Exception {
        twoCalls().close();
        JsonNode all = JSON.readTree(cli.ok("history", "--json").out());
        assertThat(all).hasSize(2);
        assertThat(all.get(1).path("talkSeconds").asInt()).isEqualTo(65);
        assertThat(all.get(1).path("accountId").asText()).isEqualTo("office/1001");
        JsonNode onlyMissed =
                JSON.readTree(cli.ok("history", "--json", "--missed").out());
        assertThat(onlyMissed).hasSize(1);
        assertThat(onlyMissed.get(0).path("callId").asText()).isEqualTo(missed);
        assertThat(onlyMissed.get(0).path("missed").asBoolean()).isTrue();
        assertThat(onlyMissed.get(0).path("unavailable").asText()).isEqualTo("dnd");
        assertThat(onlyMissed.get(0).path("sipStatus").asInt()).isEqualTo(603);
        assertThat(JSON.readTree(cli.ok("history", "--json", "--limit", "1").out()))
                .hasSize(1);
    }

    @Test
    void aLimitOutOfRangeIsNamedAndNoHistoryIsNotAnError() {
        CliRunner.Result zero = cli.run("history", "--limit", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--limit: must be between 1 and 500");
        assertThat(cli.run("history", "--limit", "many").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.ok("history").out()).isEqualTo("No calls yet.\n");
        assertThat(cli.ok("history", "--missed").out()).isEqualTo("No missed calls.\n");
    }
}
