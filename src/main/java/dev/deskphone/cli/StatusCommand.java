package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone status}: asks the running app for its accounts' registration states. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the running Deskphone's accounts and their registration state.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the status as JSON.")
    private boolean asJson;

    @Override
    public Integer call() throws Exception {
        RunningInstance instance = new RunningInstance(spec);
        Optional<JsonNode> status = instance.ask(instance.command("status"));
        PrintWriter out = spec.commandLine().getOut();
        if (status.isEmpty()) {
            return instance.reportNotRunning("");
        }
        if (asJson) {
            out.println(instance.json.writerWithDefaultPrettyPrinter().writeValueAsString(status.get()));
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("ACCOUNT", "STATE", "AVAILABILITY", "DETAIL");
        JsonNode availability = status.get().path("availability");
        for (JsonNode account : status.get().path("accounts")) {
            String detail = account.has("statusCode")
                    ? account.path("statusCode").asText() + " "
                            + account.path("reason").asText("")
                    : "";
            String id = account.path("account").asText();
            table.row(
                    id,
                    account.path("state").asText(),
                    availabilityLabel(availability.path(id).asText("available")),
                    detail.trim());
        }
        table.print(out);
        for (JsonNode warning : status.get().path("warnings")) {
            out.println("Warning: " + warning.asText());
        }
        JsonNode backend = status.get().path("backend");
        if (backend.isObject()) {
            out.printf(
                    "Call events: backend %s, %d waiting, %d refused (outbox holds up to %d)%n",
                    backend.path("state").asText(),
                    backend.path("pending").asInt(),
                    backend.path("dead").asInt(),
                    backend.path("capacity").asInt());
            if (backend.hasNonNull("storageError")) {
                out.printf(
                        "Call events: CANNOT WRITE THE OUTBOX (%s): %d event%s held in memory until it works again;"
                                + " quitting now loses them%n",
                        backend.path("storageError").asText(),
                        backend.path("held").asInt(),
                        backend.path("held").asInt() == 1 ? "" : "s");
            }
            if (backend.hasNonNull("outboxWarning")) {
                out.println("Call events: " + backend.path("outboxWarning").asText());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The instance's wire name (AccountAvailability.State) as the agent reads it. */
    static String availabilityLabel(String wireName) {
        return switch (wireName) {
            case "dnd" -> "DND";
            case "after-call-work" -> "After-call work";
            default -> "Available";
        };
    }
}
