package dev.deskphone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        List<OutboxEntry> all;
        try (Outbox outbox = events.openOutbox(DeskphoneCommand.of(spec))) {
            all = outbox.list(false);
        }
        Map<String, String> records = callRecords(all);
        List<OutboxEntry> entries =
                deadOnly ? all.stream().filter(OutboxEntry::dead).toList() : all;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode array = mapper.createArrayNode();
            for (OutboxEntry e : entries) {
                array.addObject()
                        .put("id", e.seq())
                        .put("callId", e.callId())
                        .put("event", e.event())
                        .put("occurredAt", Instant.ofEpochMilli(e.occurredAt()).toString())
                        .put("state", e.dead() ? "dead" : "pending")
                        .put("callRecord", records.get(e.callId()))
                        .put("attempts", e.attempts())
                        .put("lastError", e.lastError())
                        .put("idempotencyKey", e.idempotencyKey())
                        .put("path", e.path())
                        .set("body", mapper.readTree(e.body()));
            }
            out.println(mapper.writeValueAsString(array));
        } else if (entries.isEmpty()) {
            out.println(deadOnly ? "No dead events." : "The outbox is empty: every call event was delivered.");
        } else {
            TextTable table =
                    new TextTable("ID", "CALL", "EVENT", "OCCURRED", "STATE", "CALL RECORD", "ATTEMPTS", "LAST ERROR");
            for (OutboxEntry e : entries) {
                table.row(
                        String.valueOf(e.seq()),
                        e.callId(),
                        e.event(),
                        Instant.ofEpochMilli(e.occurredAt()).toString(),
                        e.dead() ? "dead" : "pending",
                        records.get(e.callId()),
                        String.valueOf(e.attempts()),
                        e.lastError());
            }
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Per call, whether its record reached the backend: {@code not delivered} while one of its events
     * is dead (its later events wait behind it: someone must act), {@code waiting} while its
     * {@code created} event is still to be sent, else {@code delivered} (the record exists; later
     * events may still be on their way).
     */
    static Map<String, String> callRecords(List<OutboxEntry> all) {
        Map<String, String> records = new HashMap<>();
        for (OutboxEntry e : all) {
            String now = e.dead() ? NOT_DELIVERED : "created".equals(e.event()) ? WAITING : DELIVERED;
            records.merge(e.callId(), now, (a, b) -> rank(a) >= rank(b) ? a : b);
        }
        return records;
    }

    private static final String NOT_DELIVERED = "not delivered";
    private static final String WAITING = "waiting";
    private static final String DELIVERED = "delivered";

    private static int rank(String record) {
        return switch (record) {
            case NOT_DELIVERED -> 2;
            case WAITING -> 1;
            default -> 0;
        };
    }
}
