package dev.deskphone.cli;

import dev.deskphone.events.Outbox;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deskphone events retry (ID | --all)}: puts dead events back in line for delivery. */
@Command(
        name = "retry",
        description = "Send dead events again (after fixing what the backend refused)."
                + " A running Deskphone picks them up within seconds.")
final class EventsRetryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EventsCommand events;

    @ArgGroup(multiplicity = "1")
    private Which which;

    static final class Which {
        @Parameters(paramLabel = "ID", description = "The event's ID (see 'deskphone events list --dead').")
        Long id;

        @Option(names = "--all", description = "Every dead event.")
        boolean all;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Outbox outbox = events.openOutbox(DeskphoneCommand.of(spec))) {
            if (which.all) {
                int revived = outbox.retryAll();
                out.println(
                        revived == 0
                                ? "No dead events."
                                : revived + " dead event" + (revived == 1 ? "" : "s") + " put back in line.");
            } else if (outbox.retry(which.id)) {
                out.println("Event " + which.id + " put back in line.");
            } else {
                throw new UsageException("ID: no dead event " + which.id + " (see 'deskphone events list --dead')");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
