package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deskphone dnd on|off [--account ID]}: Do not disturb in the running Deskphone, for one
 * account or all. While it is on, the account's incoming calls are refused (the profile's
 * {@code --dnd-response}) and kept in the history as missed; the app remembers it across restarts.
 */
@Command(
        name = "dnd",
        mixinStandardHelpOptions = true,
        description = {
            "Turn Do not disturb on or off in the running Deskphone, for one account or for all.",
            "While on, incoming calls are refused (486 Busy Here unless the profile says otherwise) and"
                    + " listed as missed in 'deskphone history'."
        })
final class DndCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "on|off", description = "on: refuse incoming calls; off: take them again.")
    private String onOrOff;

    @Option(
            names = "--account",
            paramLabel = "ID",
            description = "Only this account: profile/extension, or an extension (default: every account).")
    private String account;

    @Override
    public Integer call() throws Exception {
        boolean on = parse(onOrOff);
        if (account != null && account.isBlank()) {
            throw new UsageException("--account: give an account (profile/extension or extension)");
        }
        RunningInstance instance = new RunningInstance(spec);
        ObjectNode request = instance.command("dnd").put("on", on);
        if (account != null) {
            request.put("account", account.trim());
        }
        Optional<JsonNode> reply = instance.ask(request);
        if (reply.isEmpty()) {
            return instance.reportNotRunning("; start it, then set Do not disturb");
        }
        if (!reply.get().path("ok").asBoolean()) {
            String error = reply.get().path("error").asText("the running Deskphone refused");
            throw new UsageException(error.startsWith("account '") ? "--account: " + error : "dnd: " + error);
        }
        List<String> changed = new ArrayList<>();
        reply.get().path("accounts").forEach(a -> changed.add(a.asText()));
        PrintWriter out = spec.commandLine().getOut();
        out.println((on ? "Do not disturb: " : "Available: ") + String.join(", ", changed));
        out.flush();
        return ExitCodes.OK;
    }

    static boolean parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("on|off: must be 'on' or 'off', got '" + value + "'");
        };
    }
}
