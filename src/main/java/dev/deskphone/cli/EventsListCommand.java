package dev.deskphone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deskphone events list [--dead] [--json]}. */
@Command(name = "list", description = "List the call events in the outbox, oldest first.")
final class EventsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EventsCommand events;

    @Option(names = "--dead", description = "Only the events the backend refused.")
    private boolean deadOnly;

    @Option(names = "--json", description = "Print JSON, with each event's request body.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        List<OutboxEntry> entries;
        try (Outbox outbox = events.openOutbox(DeskphoneCommand.of(spec))) {
            entries = outbox.list(deadOnly);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode array = mapper.createArrayNode();
            for (OutboxEntry e : entries) {
                array.addObject().put("id", e.seq()).put("callId", e.callId()).put("event", e.event())
                        .put("occurredAt", Instant.ofEpochMilli(e.occurredAt()).toString())
                        .put("state", e.dead() ? "dead" : "pending").put("attempts", e.attempts())
                        .put("lastError", e.lastError()).put("idempotencyKey", e.idempotencyKey())
                        .put("path", e.path()).set("body", mapper.readTree(e.body()));
            }
            out.println(mapper.writeValueAsString(array));
        } else if (entries.isEmpty()) {
            out.println(deadOnly ? "No dead events." : "The outbox is empty: every call event was delivered.");
        } else {
            TextTable table = new TextTable("ID", "CALL", "EVENT", "OCCURRED", "STATE", "ATTEMPTS", "LAST ERROR");
            for (OutboxEntry e : entries) {
                table.row(String.valueOf(e.seq()), e.callId(), e.event(), Instant.ofEpochMilli(e.occurredAt()).toString(),
                        e.dead() ? "dead" : "pending", String.valueOf(e.attempts()), e.lastError());
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
