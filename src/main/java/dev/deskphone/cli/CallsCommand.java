package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone calls watch}: follows the running Deskphone's calls, one line per change, until
 * interrupted, so a CRM can open the customer's record when a call rings. Ends cleanly when the
 * reader goes away (a closed pipe: exit 0) or the instance quits (exit 4).
 */
@Command(name = "calls", description = "Follow the running Deskphone's calls.")
final class CallsCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    private CommandSpec spec;

    @Command(
            name = "watch",
            description = {
                "Print one line per call change until interrupted (Ctrl+C):",
                "ringing, dialing, ringback, answered, held, resumed, muted, unmuted, transferred, ended (with the"
                        + " reason).",
                "With --json each line is one JSON object: event, callId, account, direction, remote, state, at"
                        + " (epoch ms), and reason, endedBy, sipStatus, transferredTo when they apply;"
                        + " {\"notice\":\"dropped\",\"dropped\":N} says N changes were lost because this reader"
                        + " fell behind."
            })
    int watch(@Option(names = "--json", description = "One JSON object per line.") boolean asJson) throws IOException {
        RunningInstance instance = new RunningInstance(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean[] readerGone = {false};
        JsonNode reply = instance.stream(instance.command("watch"), line -> {
            if (asJson) {
                out.println(line.toString());
            } else if (line.has("notice")) {
                err.println("deskphone: " + line.path("dropped").asInt()
                        + " call change(s) dropped: this watcher read too slowly");
                err.flush();
            } else {
                out.println(text(line));
            }
            out.flush();
            // PrintWriter swallows a closed pipe: checkError() is how it shows.
            readerGone[0] = out.checkError();
            return !readerGone[0];
        });
        if (!reply.path("ok").asBoolean(false)) {
            throw new CallCommand.CallRefused(
                    "calls watch: " + reply.path("error").asText("the running Deskphone refused"), ExitCodes.REFUSED);
        }
        if (readerGone[0]) {
            return ExitCodes.OK;
        }
        err.println("deskphone: the running Deskphone quit");
        err.flush();
        return ExitCodes.NOT_RUNNING;
    }

    /** {@code 2026-12-07 10:15:02  ringing  <callId>  inbound  sip:1002@pbx  on pbx/1001  [details]}. */
    static String text(JsonNode change) {
        StringBuilder line = new StringBuilder();
        line.append(TIME.format(Instant.ofEpochMilli(change.path("at").asLong()).atZone(ZoneId.systemDefault())))
                .append("  ")
                .append(change.path("event").asText())
                .append("  ")
                .append(change.path("callId").asText())
                .append("  ")
                .append(change.path("direction").asText())
                .append("  ")
                .append(change.path("remote").asText());
        if (change.hasNonNull("account")) {
            line.append("  on ").append(change.path("account").asText());
        }
        if (change.hasNonNull("transferredTo")) {
            line.append("  to ").append(change.path("transferredTo").asText());
        }
        if (change.hasNonNull("reason")) {
            line.append("  reason ").append(change.path("reason").asText());
        }
        if (change.hasNonNull("sipStatus")) {
            line.append(" (").append(change.path("sipStatus").asInt()).append(')');
        }
        if (change.hasNonNull("endedBy")) {
            line.append(", by ").append(change.path("endedBy").asText());
        }
        return line.toString();
    }
}
