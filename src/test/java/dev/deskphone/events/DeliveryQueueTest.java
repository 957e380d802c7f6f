package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {
    private final DeliveryQueue queue = new DeliveryQueue();
    private long seq;

    private OutboxEntry entry(String call, String event) {
        return entry(call, event, false);
    }

    private OutboxEntry entry(String call, String event, boolean dead) {
        seq++;
        return new OutboxEntry(seq, call, event, 0, "key-" + seq, "/p", "{}", 0, 0, null, dead ? 1L : null);
    }

    /** Each event is the only one handed out until it is delivered, then the next; nothing after the last. */
    private void handsOutOneAtATimeInOrder(OutboxEntry... expected) {
        for (OutboxEntry entry : expected) {
            assertThat(queue.take(10)).containsExactly(entry);
            queue.delivered(entry);
        }
        assertThat(queue.take(10)).isEmpty();
    }

    @Test
    void handsOutTheOldestEventOfEachCallWithNothingInFlight() {
        OutboxEntry a1 = entry("a", "created");
        OutboxEntry b1 = entry("b", "created");
        OutboxEntry a2 = entry("a", "answered");
        OutboxEntry c1 = entry("c", "created");
        List.of(a1, b1, a2, c1).forEach(queue::add);

        assertThat(queue.take(2)).containsExactly(a1, b1);
        assertThat(queue.take(10)).containsExactly(c1); // a and b are in flight
        queue.retry(b1);
        queue.delivered(a1);
        assertThat(queue.take(10)).containsExactly(b1, a2); // oldest first
        assertThat(queue.pending()).isEqualTo(3);
        queue.delivered(a2);
        queue.delivered(b1);
        queue.delivered(c1);
        assertThat(queue.pending()).isZero();
        assertThat(queue.nothingInFlight()).isTrue();
    }

    @Test
    void eventsAlreadyLoadedFromTheFileAreNotAddedTwice() {
        OutboxEntry a1 = entry("a", "created");
        OutboxEntry a2 = entry("a", "answered");
        queue.load(List.of(a1, a2));
        queue.add(a2); // offered while the forwarder was reading the file
        assertThat(queue.pending()).isEqualTo(2);
        handsOutOneAtATimeInOrder(a1, a2);
    }

    @Test
    void reloadingFromAReadOlderThanTheLatestArrivalsKeepsThemAndTheCallsOrder() {
        OutboxEntry a1 = entry("a", "created");
        List<OutboxEntry> read = List.of(a1); // the file as the bookkeeping thread read it
        OutboxEntry a2 = entry("a", "answered");
        OutboxEntry a3 = entry("a", "ended");
        List.of(a1, a2).forEach(queue::add); // offered after that read

        queue.reload(read);
        queue.add(a3);

        assertThat(queue.pending()).isEqualTo(3);
        handsOutOneAtATimeInOrder(a1, a2, a3);
    }

    @Test
    void reloadingPicksUpWhatTheFileHasAndThePictureLacks() {
        OutboxEntry a1 = entry("a", "created");
        OutboxEntry b1 = entry("b", "created");
        queue.add(b1);

        queue.reload(List.of(a1, b1));

        assertThat(queue.take(10)).containsExactly(a1, b1);
    }

    @Test
    void aDeadFirstEventHoldsItsCallUntilRevived() {
        OutboxEntry a1 = entry("a", "created");
        OutboxEntry a2 = entry("a", "answered");
        OutboxEntry b1 = entry("b", "created", true); // dead in the file already
        OutboxEntry b2 = entry("b", "answered");
        queue.load(List.of(a1, a2, b1, b2));
        assertThat(queue.take(10)).containsExactly(a1);
        queue.refused(a1);
        assertThat(queue.take(10)).isEmpty();
        assertThat(queue.blockedCalls()).isEqualTo(2);
        assertThat(queue.pending()).isEqualTo(2); // a2, b2: as the outbox counts

        queue.revive(Set.of(a1.seq())); // b1 retried from the command line, a1 still dead
        assertThat(queue.take(10)).containsExactly(b1);
        queue.delivered(b1);
        assertThat(queue.take(10)).containsExactly(b2);
    }
}
