package dev.deskphone.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.calls.CallBoard.CallStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntBiFunction;

/**
 * Checks a call command from the instance channel ({@code deskphone call ...}) against the calls
 * the page last reported, and turns it into the page's {@code command} message. A command names its
 * call or takes the obvious one: the ringing inbound call to answer or decline, else the newest
 * established call, else the newest call in progress (the same rule as the page's
 * {@code call-commands.js}). The page receives the resolved call id, so both sides act on the same
 * call. What is refused here never reaches the page, and the reply says why.
 */
final class CallControl {
    /** Actions that act on one call, and the state it must be in. */
    private static final Set<String> ON_RINGING = Set.of("answer", "decline", "reject");

    private static final Set<String> ON_ESTABLISHED =
            Set.of("hold", "resume", "mute", "unmute", "dtmf", "transfer", "consult", "transfer-to-call");
    private static final Set<String> ON_ANY = Set.of("hangup");
    /** Actions about the agent's calls together (the page picks the legs). */
    private static final Set<String> ON_TWO_CALLS = Set.of("complete-transfer", "cancel-transfer", "merge", "split");

    /** Every action the {@code call} instance command accepts. */
    static final List<String> ACTIONS = List.of(
            "answer",
            "decline",
            "reject",
            "hangup",
            "hold",
            "resume",
            "mute",
            "unmute",
            "dtmf",
            "transfer",
            "consult",
            "complete-transfer",
            "cancel-transfer",
            "transfer-to-call",
            "merge",
            "split");

    /** Why a command was refused: the command line maps each to an exit code. */
    enum Refusal {
        /** A missing or malformed field ({@code action}, {@code digits}, {@code target}). */
        BAD_ARGUMENT("bad-argument"),
        /** No call in progress, or none with the given id. */
        NO_CALL("no-call"),
        /** The call is not in a state the action applies to (answering an established call). */
        WRONG_STATE("wrong-state");

        final String wireName;

        Refusal(String wireName) {
            this.wireName = wireName;
        }
    }

    /** A refused command: the message names the call or the argument. */
    static final class Refused extends RuntimeException {
        final Refusal kind;

        Refused(Refusal kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    /**
     * A {@code call} request's arguments for {@link #pageCommand}: the text fields that are not blank,
     * and the DTMF lengths whether sent as JSON numbers or as text (their check names them).
     */
    static Map<String, String> fieldsOf(JsonNode request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("digits", "target", "account", "otherCallId")) {
            text(request, field).ifPresent(value -> fields.put(field, value));
        }
        for (String field : List.of("toneMs", "gapMs")) {
            JsonNode value = request.path(field);
            if (value.isValueNode() && !value.isNull()) {
                fields.put(field, value.asText());
            }
        }
        return fields;
    }

    /** A request's text field, trimmed; empty when it is missing, blank or not text. */
    static Optional<String> text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        return value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText().trim())
                : Optional.empty();
    }

    /**
     * The page command for an action on the board's calls.
     *
     * @param callId the call named on the command line, or null for the default call
     * @param fields {@code digits}, {@code toneMs} and {@code gapMs} (dtmf), {@code target} (transfer, consult), {@code account} (consult) and
     *     {@code otherCallId} (transfer-to-call), as given
     * @throws Refused naming the call or argument at fault
     */
    static Map<String, Object> pageCommand(CallBoard board, String action, String callId, Map<String, String> fields) {
        if (!ACTIONS.contains(action)) {
            throw new Refused(Refusal.BAD_ARGUMENT, "call: \"action\" must be one of " + ACTIONS);
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("type", "command");
        command.put("name", action);
        if (ON_TWO_CALLS.contains(action)) {
            int active = board.active().size();
            if (active < 2) {
                throw new Refused(
                        active == 0 ? Refusal.NO_CALL : Refusal.WRONG_STATE,
                        action + ": needs two calls in progress, there " + (active == 0 ? "is none" : "is only one"));
            }
            return command;
        }
        // The arguments first: a mistyped digit is reported even when no call is in progress.
        switch (action) {
            case "dtmf" -> {
                String digits = fields.get("digits");
                if (!Dtmf.valid(digits)) {
                    throw new Refused(Refusal.BAD_ARGUMENT, Dtmf.problem(digits));
                }
                command.put("digits", digits);
                putLength(command, fields, "toneMs", Dtmf::toneMs);
                putLength(command, fields, "gapMs", Dtmf::gapMs);
            }
            case "transfer", "consult" -> {
                String target = fields.get("target");
                if (target == null || target.isBlank()) {
                    throw new Refused(Refusal.BAD_ARGUMENT, "TARGET: a number or SIP URI to transfer to is required");
                }
                command.put("target", target);
                String account = fields.get("account");
                if ("consult".equals(action) && account != null && !account.isBlank()) {
                    command.put("account", account);
                }
            }
            case "transfer-to-call" -> {
                // Both calls named: the first one's far end goes to the second one's.
                String other = fields.get("otherCallId");
                if (callId == null || other == null || other.isBlank()) {
                    throw new Refused(
                            Refusal.BAD_ARGUMENT, "transfer-to-call: both CALL and the other call's id are required");
                }
                checkState(action, named(board, other));
                command.put("otherCallId", other);
            }
            default -> {
                // The action alone says it all.
            }
        }
        CallStatus call = callId == null ? defaultCall(board, action) : named(board, callId);
        checkState(action, call);
        command.put("callId", call.callId());
        return command;
    }

    /** An optional tone or gap length, checked by {@code check}, which names the field. */
    private static void putLength(
            Map<String, Object> command,
            Map<String, String> fields,
            String field,
            ToIntBiFunction<String, String> check) {
        String value = fields.get(field);
        if (value == null) {
            return;
        }
        try {
            command.put(field, check.applyAsInt(field, value));
        } catch (IllegalArgumentException e) {
            throw new Refused(Refusal.BAD_ARGUMENT, e.getMessage());
        }
    }

    private static CallStatus named(CallBoard board, String callId) {
        Optional<CallStatus> call = board.find(callId);
        if (call.isEmpty()) {
            throw new Refused(Refusal.NO_CALL, "CALL: no call with id '" + callId + "' (see 'deskphone call list')");
        }
        if ("ended".equals(call.get().state())) {
            throw new Refused(Refusal.NO_CALL, "CALL: call " + callId + " has ended");
        }
        return call.get();
    }

    private static CallStatus defaultCall(CallBoard board, String action) {
        List<CallStatus> active = board.active();
        if (ON_RINGING.contains(action)) {
            return active.stream()
                    .filter(CallControl::ringingInbound)
                    .findFirst()
                    .orElseThrow(() -> new Refused(Refusal.NO_CALL, action + ": no incoming call is ringing"));
        }
        if (active.isEmpty()) {
            throw new Refused(Refusal.NO_CALL, action + ": no call in progress");
        }
        return active.stream()
                .filter(c -> "established".equals(c.state()))
                .reduce((first, second) -> second)
                .orElse(active.get(active.size() - 1));
    }

    private static void checkState(String action, CallStatus call) {
        boolean fits = ON_ANY.contains(action)
                || (ON_RINGING.contains(action) && ringingInbound(call))
                || (ON_ESTABLISHED.contains(action) && "established".equals(call.state()));
        if (!fits) {
            String needed = ON_RINGING.contains(action) ? "a ringing incoming call" : "an established call";
            throw new Refused(
                    Refusal.WRONG_STATE,
                    action + ": call " + call.callId() + " is " + describe(call) + ", not " + needed);
        }
    }

    private static boolean ringingInbound(CallStatus call) {
        return "ringing".equals(call.state()) && "inbound".equals(call.direction());
    }

    private static String describe(CallStatus call) {
        return call.direction() == null ? call.state() : call.state() + " (" + call.direction() + ")";
    }
}
