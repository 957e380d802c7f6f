package dev.deskphone.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.calls.CallLink;
import dev.deskphone.calls.DialOrigin;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides a launch's part (ADR 0004): it becomes the running instance for its configuration when it
 * gets the {@link InstanceLock}, and otherwise hands over to the instance that holds it, which is
 * asked to come forward and, for a clicked {@code sip:}/{@code tel:} link, to dial it
 * ({@code {"command":"dial","target":URI,"origin":"link"}}: the page asks the agent first).
 */
public final class InstanceHandOver {
    /** The lock holder may still be starting (configuration, outbox, backend) before it answers. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final long POLL_MS = 50;

    private final InstanceAddress address;
    private final InstanceClient client;
    private final ObjectMapper json;

    public InstanceHandOver(InstanceAddress address, InstanceClient client, ObjectMapper json) {
        this.address = address;
        this.client = client;
        this.json = json;
    }

    /**
     * The lock when this launch is to run the app, empty when a running instance took the launch
     * over. Two launches at the same moment: one gets the lock, the other waits for the winner's
     * socket to answer and hands over; if the winner dies first, the lock is free again and taken.
     *
     * @throws IOException when the lock's holder does not answer within {@code patience}
     * @throws InstanceRefusedException when the running instance refused the dial request
     */
    public Optional<InstanceLock> claimOrHandOver(Optional<CallLink> dial, Duration patience)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Optional<InstanceLock> lock = InstanceLock.tryAcquire(address);
            if (lock.isPresent()) {
                return lock;
            }
            if (handOver(dial)) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "another Deskphone holds " + address.lockFile() + " but did not answer on " + address.socket()
                                + " within " + patience.toSeconds() + " s; if it hangs, end it and launch again");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * True when a running instance took the launch over, false when none answers.
     *
     * @throws InstanceRefusedException when the running instance refused the dial request
     */
    public boolean handOver(Optional<CallLink> dial) throws IOException {
        Optional<JsonNode> activated = client.request(json.createObjectNode().put("command", "activate"));
        if (activated.isEmpty()) {
            return false;
        }
        if (dial.isPresent()) {
            JsonNode reply = client.request(json.createObjectNode()
                            .put("command", "dial")
                            .put("target", dial.get().uri())
                            .put("origin", DialOrigin.LINK.wireName()))
                    .orElseThrow(() -> new InstanceRefusedException("the running Deskphone stopped before it took "
                            + dial.get().uri()));
            if (!reply.path("ok").asBoolean(false)) {
                throw new InstanceRefusedException("the running Deskphone did not take "
                        + dial.get().uri() + ": " + reply.path("error").asText("no reason given"));
            }
        }
        return true;
    }
}
