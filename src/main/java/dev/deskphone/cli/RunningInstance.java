package dev.deskphone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceClient;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The running Deskphone for this command line's configuration, reached over the instance channel;
 * every request fails with {@link NotRunning} (exit {@link ExitCodes#NOT_RUNNING}) when none runs.
 */
final class RunningInstance {
    /** No instance answers for the configuration directory the message names. */
    static final class NotRunning extends RuntimeException {
        NotRunning(String message) {
            super(message);
        }
    }

    final ObjectMapper json = new ObjectMapper();
    private final CommandSpec spec;
    private final InstanceClient client;
    private final String configDir;

    RunningInstance(CommandSpec spec) {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        this.spec = spec;
        this.configDir = root.configDirs().user().toString();
        this.client = new InstanceClient(
                InstanceAddress.forConfigDir(
                        root.configDirs().user(), root.environment().variables()),
                json);
    }

    ObjectNode command(String name) {
        return json.createObjectNode().put("command", name);
    }

    JsonNode request(ObjectNode request) throws IOException {
        return client.request(request).orElseThrow(this::notRunning);
    }

    /** The reply, or empty when none runs: for a command that then does something else or says more. */
    Optional<JsonNode> ask(ObjectNode request) throws IOException {
        return client.request(request);
    }

    /**
     * Tells the user that none runs for this configuration, with {@code then} (what to do about it,
     * or "") after the directory; returns {@link ExitCodes#NOT_RUNNING}.
     */
    int reportNotRunning(String then) {
        spec.commandLine().getErr().println("deskphone: Deskphone is not running for " + configDir + then);
        return ExitCodes.NOT_RUNNING;
    }

    /** Streams a watch until it ends or {@code lines} says stop; returns the first reply. */
    JsonNode stream(ObjectNode request, Predicate<JsonNode> lines) throws IOException {
        return client.stream(request, lines).orElseThrow(this::notRunning);
    }

    private NotRunning notRunning() {
        return new NotRunning("Deskphone is not running for " + configDir + " (start it first)");
    }
}
