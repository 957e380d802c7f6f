package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceBroadcast;
import dev.deskphone.instance.InstanceServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone call ...} and {@code calls watch} against a stand-in running instance. */
class CallCommandTest {
    private static final String CALLS = "[{\"callId\":\"c1\",\"account\":\"pbx/1001\",\"direction\":\"inbound\","
            + "\"remote\":\"sip:1002@pbx.test\",\"state\":\"established\",\"held\":true,\"muted\":false,"
            + "\"reason\":null,\"sinceEpochMs\":5},"
            + "{\"callId\":\"old\",\"state\":\"ended\",\"reason\":\"completed\"}]";

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private CliRunner cli;

    @BeforeEach
    void runner() {
        cli = new CliRunner(tmp);
        cli.env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private InstanceServer instance(Function<JsonNode, ObjectNode> handler, InstanceBroadcast broadcast)
            throws Exception {
        return InstanceServer.start(
                InstanceAddress.forConfigDir(cli.userDir, cli.env),
                json,
                request -> {
                    requests.add(request);
                    return handler.apply(request);
                },
                broadcast,
                threads);
    }

    private ObjectNode ok(String callId) {
        return json.createObjectNode().put("ok", true).put("callId", callId);
    }

    @Test
    void eachActionSendsOneCallRequestWithItsArguments() throws Exception {
        try (InstanceServer server = instance(r -> ok("c1"), new InstanceBroadcast())) {
            assertThat(cli.ok("call", "answer").out()).isEqualTo("answer: call c1\n");
            cli.ok("call", "hangup", "c1");
            cli.ok("call", "decline");
            cli.ok("call", "dtmf", "12#a", "c1");
            cli.ok("call", "dtmf", "9", "--tone-ms", "250", "--gap-ms", "120");
            cli.ok("call", "transfer", "tel:+49 30 1", "--attended");
            cli.ok("call", "transfer", "1003");
            cli.ok("call", "merge");
        }
        assertThat(requests)
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"command\":\"call\",\"action\":\"answer\"}",
                        "{\"command\":\"call\",\"action\":\"hangup\",\"callId\":\"c1\"}",
                        "{\"command\":\"call\",\"action\":\"decline\"}",
                        "{\"command\":\"call\",\"action\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"12#A\"}",
                        "{\"command\":\"call\",\"action\":\"dtmf\",\"digits\":\"9\",\"toneMs\":250,\"gapMs\":120}",
                        "{\"command\":\"call\",\"action\":\"consult\",\"target\":\"+49301\"}",
                        "{\"command\":\"call\",\"action\":\"transfer\",\"target\":\"1003\"}",
                        "{\"command\":\"call\",\"action\":\"merge\"}");
    }

    @Test
    void refusalsNameTheCallAndExitWithTheirCode() throws Exception {
        try (InstanceServer server = instance(
                r -> json.createObjectNode()
                        .put("ok", false)
                        .put("error", "CALL: no call with id 'x' (see 'deskphone call list')")
                        .put("refusal", "no-call"),
                new InstanceBroadcast())) {
            CliRunner.Result result = cli.run("call", "hold", "x");
            assertThat(result.exitCode()).isEqualTo(ExitCodes.NO_SUCH_CALL);
            assertThat(result.err()).isEqualTo("deskphone: CALL: no call with id 'x' (see 'deskphone call list')\n");
        }
        assertThat(CallCommand.exitCodeFor("wrong-state")).isEqualTo(ExitCodes.NO_SUCH_CALL);
        assertThat(CallCommand.exitCodeFor("bad-argument")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void badDigitsAndTargetsAreUsageErrorsBeforeAnyInstanceIsAsked() {
        CliRunner.Result digits = cli.run("call", "dtmf", "12x");
        assertThat(digits.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(digits.err()).contains("DIGITS: '12x'");
        CliRunner.Result shortTone = cli.run("call", "dtmf", "1", "--tone-ms", "20");
        assertThat(shortTone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(shortTone.err()).contains("--tone-ms: must be 70 to 6000 ms, got 20");
        CliRunner.Result wordGap = cli.run("call", "dtmf", "1", "--gap-ms", "long");
        assertThat(wordGap.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wordGap.err()).contains("--gap-ms: 'long' must be a whole number of milliseconds");
        CliRunner.Result target = cli.run("call", "transfer", "not a number");
        assertThat(target.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(target.err()).contains("TARGET");
        assertThat(requests).isEmpty();
    }

    @Test
    void withNoRunningInstanceEveryCommandSaysSo() {
        for (String[] args : List.of(
                new String[] {"call", "answer"}, new String[] {"call", "list"}, new String[] {"calls", "watch"})) {
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.NOT_RUNNING);
            assertThat(result.err()).contains("Deskphone is not running for " + cli.userDir);
        }
    }

    @Test
    void listShowsTheCallsInProgress() throws Exception {
        ObjectNode status = json.createObjectNode().put("ok", true);
        status.set("calls", json.readTree(CALLS));
        try (InstanceServer server = instance(r -> status, new InstanceBroadcast())) {
            String text = cli.ok("call", "list").out();
            assertThat(text).startsWith("CALL  STATE              DIRECTION  REMOTE             ACCOUNT\n");
            assertThat(text).contains("c1    established, held  inbound    sip:1002@pbx.test  pbx/1001");
            assertThat(text).doesNotContain("old");

            JsonNode listed = json.readTree(cli.ok("call", "list", "--json").out());
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("callId").asText()).isEqualTo("c1");
            assertThat(listed.get(0).path("held").asBoolean()).isTrue();
        }
    }

    @Test
    void watchPrintsOneLinePerChangeAndEndsWhenTheInstanceQuits() throws Exception {
        InstanceBroadcast broadcast = new InstanceBroadcast();
        Future<CliRunner.Result> json;
        Future<CliRunner.Result> text;
        try (InstanceServer server = instance(r -> ok(null), broadcast)) {
            json = threads.submit(() -> cli.run("calls", "watch", "--json"));
            text = threads.submit(() -> cli.run("calls", "watch"));
            while (broadcast.watchers() < 2) {
                Thread.sleep(10);
            }
            broadcast.publish("{\"event\":\"ringing\",\"callId\":\"c1\",\"direction\":\"inbound\","
                    + "\"remote\":\"sip:1002@pbx.test\",\"account\":\"pbx/1001\",\"at\":0}");
            broadcast.publish("{\"event\":\"ended\",\"callId\":\"c1\",\"direction\":\"inbound\","
                    + "\"remote\":\"sip:1002@pbx.test\",\"reason\":\"busy\",\"sipStatus\":486,\"endedBy\":\"local\","
                    + "\"at\":0}");
            broadcast.publish("{\"notice\":\"dropped\",\"dropped\":3}");
            // Closing the instance ends both watches, after the lines already published.
        }
        CliRunner.Result jsonResult = json.get();
        assertThat(jsonResult.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(jsonResult.err()).contains("the running Deskphone quit");
        assertThat(jsonResult.out().lines().toList())
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("{\"event\":\"ringing\",\"callId\":\"c1\""),
                        line -> assertThat(line).startsWith("{\"event\":\"ended\",\"callId\":\"c1\""),
                        line -> assertThat(line).isEqualTo("{\"notice\":\"dropped\",\"dropped\":3}"));
        CliRunner.Result textResult = text.get();
        assertThat(textResult.out().lines().toList())
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  .*"));
        assertThat(textResult.out()).contains("  ringing  c1  inbound  sip:1002@pbx.test  on pbx/1001\n");
        assertThat(textResult.out()).contains("  ended  c1  inbound  sip:1002@pbx.test  reason busy (486), by local\n");
        assertThat(textResult.err()).contains("3 call change(s) dropped");
    }
}
