package dev.deskphone.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** An outbox, its {@link CallEvents} and a forwarder to {@code baseUrl}, with fast retries, for tests. */
final class ForwarderHarness implements AutoCloseable {
    static final DeliveryPolicy FAST = DeliveryPolicy.DEFAULT
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(700));

    final Outbox outbox;
    final CallEvents events;
    final Forwarder forwarder;
    final List<BackendStatus> statuses = new CopyOnWriteArrayList<>();

    ForwarderHarness(Path outboxFile, URI baseUrl, String token, DeliveryPolicy policy) {
        this(outboxFile, new BackendEndpoint(baseUrl, token), policy);
    }

    ForwarderHarness(Path outboxFile, BackendEndpoint endpoint, DeliveryPolicy policy) {
        this(outboxFile, endpoint, policy, InstantSource.system());
    }

    /** @param wallClock the forwarder's wall clock; its retry timing runs on {@link System#nanoTime} */
    ForwarderHarness(Path outboxFile, BackendEndpoint endpoint, DeliveryPolicy policy, InstantSource wallClock) {
        outbox = Outbox.open(outboxFile, 100_000, false);
        events = new CallEvents(outbox, PageEvents.JSON, System::currentTimeMillis);
        forwarder = new Forwarder(
                outbox, endpoint, policy, statuses::add, new Random(7), entry -> {}, wallClock, System::nanoTime);
        events.deliverWith(forwarder);
        forwarder.start();
    }

    void send(JsonNode... messages) {
        for (JsonNode message : messages) {
            events.accept(message);
        }
    }

    /** Waits until the outbox holds nothing pending (dead events may remain). */
    void awaitDrained(Duration timeout) throws InterruptedException {
        await(() -> outbox.counts().pending() == 0, timeout, () -> "outbox still holds " + outbox.counts());
    }

    static void await(BooleanSupplier condition, Duration timeout, String failure) throws InterruptedException {
        await(condition, timeout, () -> failure);
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + failure.get());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        forwarder.close();
        outbox.close();
    }
}
