package dev.deskphone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.deskphone.events.CallHistory;
import dev.deskphone.events.HistoryJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone history [--json] [--limit N] [--missed]}: the recent calls, newest first, read
 * from the app's outbox file directly (read-only), so it works whether or not Deskphone runs.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "List the recent calls, newest first (works while Deskphone runs and when it does not).")
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the calls as JSON.")
    private boolean asJson;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "At most N calls (1-" + CallHistory.KEEP + ", default 20).")
    private int limit = 20;

    @Option(names = "--missed", description = "Only missed calls.")
    private boolean missedOnly;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "The app's data directory (default: $XDG_DATA_HOME/deskphone, else ~/.local/share/deskphone).")
    private Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > CallHistory.KEEP) {
            throw new UsageException("--limit: must be between 1 and " + CallHistory.KEEP + " (the history keeps "
                    + CallHistory.KEEP + " calls), got " + limit);
        }
        List<CallHistory.Entry> calls =
                CallHistory.read(EventsCommand.outboxFile(DeskphoneCommand.of(spec), dataDir), limit, missedOnly);
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode array = json.createArrayNode();
            calls.forEach(call -> array.add(HistoryJson.entry(json, call)));
            out.println(json.writeValueAsString(array));
        } else if (calls.isEmpty()) {
            out.println(missedOnly ? "No missed calls." : "No calls yet.");
        } else {
            TextTable table = new TextTable("STARTED", "DIR", "PARTY", "ACCOUNT", "TALK", "OUTCOME", "MISSED");
            for (CallHistory.Entry call : calls) {
                table.row(
                        WHEN.format(Instant.ofEpochMilli(call.startedAt()).atZone(ZoneId.systemDefault())),
                        "inbound".equals(call.direction()) ? "in" : "out",
                        party(call),
                        call.profile() + "/" + call.account(),
                        talk(call.talkMillis()),
                        outcome(call),
                        call.missed() ? "missed" : "");
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String party(CallHistory.Entry call) {
        return call.remoteName() == null || call.remoteName().isBlank()
                ? call.remoteUri()
                : call.remoteName() + " <" + call.remoteUri() + ">";
    }

    static String talk(long millis) {
        Duration d = Duration.ofMillis(millis);
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /** The end reason, why the phone refused it when it did (with the code answered), the disposition. */
    static String outcome(CallHistory.Entry call) {
        String outcome = call.outcome();
        if (call.unavailable() != null) {
            String why = "dnd".equals(call.unavailable()) ? "Do not disturb" : "after-call work";
            outcome += " (" + why + (call.sipStatus() != null ? ", " + call.sipStatus() : "") + ")";
        }
        return outcome;
    }
}
