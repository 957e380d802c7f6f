package dev.deskphone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A launch's hand-over to the instance already running for the same configuration (ADR 0004): it is
 * asked to come forward and, for a clicked {@code sip:}/{@code tel:} link, to dial it
 * ({@code {"command":"dial","target":URI,"origin":"link"}}: the page asks the agent first).
 */
final class InstanceHandOver {
    private final InstanceClient client;
    private final ObjectMapper json;

    InstanceHandOver(InstanceClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * True when a running instance took the launch over, false when none is running.
     *
     * @throws InstanceRefusedException when the running instance refused the dial request
     */
    boolean handOver(Optional<CallLink> dial) throws IOException {
        Optional<JsonNode> activated = client.request(json.createObjectNode().put("command", "activate"));
        if (activated.isEmpty()) {
            return false;
        }
        if (dial.isPresent()) {
            JsonNode reply = client.request(json.createObjectNode().put("command", "dial").put("target", dial.get().uri())
                            .put("origin", DialOrigin.LINK.wireName()))
                    .orElseThrow(() -> new InstanceRefusedException("the running Deskphone stopped before it took " + dial.get().uri()));
            if (!reply.path("ok").asBoolean(false)) {
                throw new InstanceRefusedException("the running Deskphone did not take " + dial.get().uri() + ": "
                        + reply.path("error").asText("no reason given"));
            }
        }
        return true;
    }
}
