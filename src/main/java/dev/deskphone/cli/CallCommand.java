package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.calls.Dtmf;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone call ...}: controls the running Deskphone's calls, for CRMs and scripts. Each
 * command acts on the call named by its id ({@code deskphone call list}) or, without one, on the
 * obvious call: the ringing one to answer or decline, else the newest established one. The running
 * instance checks the call and its state and answers before anything reaches the call, so a refusal
 * is one line naming the call or argument, with exit code 8 (no such call) or 2 (bad argument).
 */
@Command(
        name = "call",
        description = {
            "Control the running Deskphone's calls (for CRMs and scripts).",
            "CALL is a call id from 'deskphone call list'; without it the command acts on the ringing call"
                    + " (answer, decline) or else the newest established call."
        },
        // By name, the order the help lists them in.
        subcommands = {
            CallCommand.Answer.class,
            CallCommand.CompleteTransfer.class,
            CallCommand.Decline.class,
            CallCommand.SendDtmf.class,
            CallCommand.Hangup.class,
            CallCommand.Hold.class,
            CallCommand.ListCalls.class,
            CallCommand.Merge.class,
            CallCommand.Mute.class,
            CallCommand.Resume.class,
            CallCommand.Split.class,
            CallCommand.Transfer.class,
            CallCommand.Unmute.class
        })
final class CallCommand {
    /** A call command the running instance refused; carries the exit code for the reason. */
    static final class CallRefused extends RuntimeException {
        final int exitCode;

        CallRefused(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final String CALL_HELP = "The call's id (default: the current call).";

    @Spec
    private CommandSpec spec;

    /** {@code call list}. */
    @Command(name = "list", description = "List the calls in progress.")
    static final class ListCalls implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print the calls as a JSON array.")
        private boolean asJson;

        @Override
        public Integer call() throws IOException {
            RunningInstance instance = new RunningInstance(spec);
            JsonNode status = instance.request(instance.command("status"));
            List<JsonNode> active = new ArrayList<>();
            status.path("calls").forEach(call -> {
                if (!"ended".equals(call.path("state").asText())) {
                    active.add(call);
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            if (asJson) {
                ArrayNode calls = instance.json.createArrayNode();
                for (JsonNode call : active) {
                    ObjectNode listed = calls.addObject();
                    for (String field : List.of(
                            "callId",
                            "account",
                            "direction",
                            "remote",
                            "state",
                            "held",
                            "muted",
                            "createdAt",
                            "answeredAt")) {
                        if (call.hasNonNull(field)) {
                            listed.set(field, call.get(field));
                        }
                    }
                }
                out.println(instance.json.writerWithDefaultPrettyPrinter().writeValueAsString(calls));
                out.flush();
                return ExitCodes.OK;
            }
            if (active.isEmpty()) {
                out.println("No call in progress.");
                out.flush();
                return ExitCodes.OK;
            }
            TextTable table = new TextTable("CALL", "STATE", "DIRECTION", "REMOTE", "ACCOUNT");
            for (JsonNode call : active) {
                String state = call.path("state").asText();
                if (call.path("held").asBoolean(false)) {
                    state += ", held";
                }
                if (call.path("muted").asBoolean(false)) {
                    state += ", muted";
                }
                table.row(
                        call.path("callId").asText(),
                        state,
                        call.path("direction").asText(),
                        call.path("remote").asText(),
                        call.path("account").asText());
            }
            table.print(out);
            return ExitCodes.OK;
        }
    }

    /**
     * The actions on one call that take nothing but the call ({@code answer}, {@code hold}, ...):
     * each is its subcommand's name, sent as it is.
     */
    abstract static class OnOneCall implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private CallCommand calls;

        @Parameters(arity = "0..1", paramLabel = "CALL", description = CALL_HELP)
        private String call;

        @Override
        public Integer call() throws IOException {
            return calls.act(spec.name(), call, null, null);
        }
    }

    @Command(name = "answer", description = "Answer a ringing call (default: the one ringing).")
    static final class Answer extends OnOneCall {}

    @Command(name = "decline", description = "Decline a ringing call (603 Decline; default: the one ringing).")
    static final class Decline extends OnOneCall {}

    @Command(name = "hangup", description = "Hang up a call (or cancel one still ringing at the far end).")
    static final class Hangup extends OnOneCall {}

    @Command(name = "hold", description = "Put an established call on hold.")
    static final class Hold extends OnOneCall {}

    @Command(name = "resume", description = "Take a held call off hold.")
    static final class Resume extends OnOneCall {}

    @Command(name = "mute", description = "Mute the microphone on a call.")
    static final class Mute extends OnOneCall {}

    @Command(name = "unmute", description = "Unmute the microphone on a call.")
    static final class Unmute extends OnOneCall {}

    @Command(name = "dtmf", description = "Send DTMF digits (0-9, *, #, A-D) on an established call.")
    static final class SendDtmf implements Callable<Integer> {
        @ParentCommand
        private CallCommand calls;

        @Parameters(index = "0", paramLabel = "DIGITS", description = "The digits to send.")
        private String digits;

        @Parameters(index = "1", arity = "0..1", paramLabel = "CALL", description = CALL_HELP)
        private String call;

        @Option(
                names = "--tone-ms",
                paramLabel = "MS",
                description = "Length of each tone, 70 to 6000 ms (default 160) for IVRs that need longer tones.")
        private String toneMs;

        @Option(
                names = "--gap-ms",
                paramLabel = "MS",
                description = "Silence between tones, 50 to 6000 ms (default 80).")
        private String gapMs;

        @Override
        public Integer call() throws IOException {
            if (!Dtmf.valid(digits)) {
                throw new UsageException(Dtmf.problem(digits));
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("digits", digits.toUpperCase(java.util.Locale.ROOT));
            try {
                if (toneMs != null) {
                    fields.put("toneMs", Dtmf.toneMs("--tone-ms", toneMs));
                }
                if (gapMs != null) {
                    fields.put("gapMs", Dtmf.gapMs("--gap-ms", gapMs));
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return calls.act("dtmf", call, fields);
        }
    }

    @Command(
            name = "transfer",
            description = {
                "Transfer an established call to TARGET.",
                "Blind by default (REFER, RFC 3515); --attended first puts the call on hold and calls TARGET,"
                        + " then 'deskphone call complete-transfer' connects the two."
            })
    static final class Transfer implements Callable<Integer> {
        @ParentCommand
        private CallCommand calls;

        @Parameters(index = "0", paramLabel = "TARGET", description = "Number or SIP URI to transfer to.")
        private String target;

        @Option(names = "--attended", description = "Consult TARGET first (attended transfer).")
        private boolean attended;

        @Parameters(index = "1", arity = "0..1", paramLabel = "CALL", description = CALL_HELP)
        private String call;

        @Override
        public Integer call() throws IOException {
            return calls.act(attended ? "consult" : "transfer", call, "target", DialCommand.normalize(target));
        }
    }

    /** The actions on the agent's calls together (the page picks the calls): each its subcommand's name. */
    abstract static class OnTheCalls implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private CallCommand calls;

        @Override
        public Integer call() throws IOException {
            return calls.act(spec.name(), null, null, null);
        }
    }

    @Command(
            name = "complete-transfer",
            description = "Complete an attended transfer: the held caller and the consulted party are connected.")
    static final class CompleteTransfer extends OnTheCalls {}

    @Command(
            name = "merge",
            description = {
                "Merge the two calls in progress into a three-way call: each party hears the other two.",
                "A call on hold is resumed; each call can still be held and muted on its own."
            })
    static final class Merge extends OnTheCalls {}

    @Command(name = "split", description = "Split the three-way call back into two calls.")
    static final class Split extends OnTheCalls {}

    /** Sends one call action; prints what it acted on, or fails with the instance's reason. */
    private int act(String action, String callId, String field, String value) throws IOException {
        return act(action, callId, field == null ? Map.of() : Map.of(field, value));
    }

    private int act(String action, String callId, Map<String, Object> fields) throws IOException {
        RunningInstance instance = new RunningInstance(spec);
        ObjectNode request = instance.command("call").put("action", action);
        if (callId != null) {
            if (callId.isBlank()) {
                throw new UsageException("CALL: empty call id (see 'deskphone call list')");
            }
            request.put("callId", callId.trim());
        }
        fields.forEach((field, value) -> {
            if (value instanceof Integer number) {
                request.put(field, number);
            } else {
                request.put(field, String.valueOf(value));
            }
        });
        JsonNode reply = instance.request(request);
        if (!reply.path("ok").asBoolean(false)) {
            String error = reply.path("error").asText("the running Deskphone refused " + action);
            throw new CallRefused(error, exitCodeFor(reply.path("refusal").asText("")));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                reply.hasNonNull("callId")
                        ? action + ": call " + reply.path("callId").asText()
                        : action + ": sent");
        out.flush();
        return ExitCodes.OK;
    }

    /** The exit code for the instance's {@code refusal} ({@code CallControl}'s kinds). */
    static int exitCodeFor(String refusal) {
        return switch (refusal) {
            case "no-call", "wrong-state" -> ExitCodes.NO_SUCH_CALL;
            case "bad-argument" -> ExitCodes.USAGE;
            default -> ExitCodes.REFUSED;
        };
    }
}
