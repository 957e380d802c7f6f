package dev.deskphone.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The forwarder's picture of the outbox, in memory, so that choosing what to send next never waits
 * for SQLite (whose one connection the FX thread may be holding for an append). Loop thread only.
 *
 * <p>Per call, its stored events in order; the call's first event is sent when the call has nothing
 * in flight and its first event is not dead. {@link #take} hands out the oldest such events.
 */
final class DeliveryQueue {
    private final Map<String, ArrayDeque<OutboxEntry>> byCall = new HashMap<>();
    /** First event's seq → call, for calls with nothing in flight and no dead first event. */
    private final TreeMap<Long, String> ready = new TreeMap<>();
    /** Calls whose first event is dead: their later events wait behind it (in the order they died). */
    private final Set<String> blocked = new LinkedHashSet<>();

    private final Set<String> inFlight = new HashSet<>();
    private long highestSeq;
    private int entries;

    /** Replaces the picture with the outbox's contents (oldest first); nothing may be in flight. */
    void load(List<OutboxEntry> stored) {
        byCall.clear();
        ready.clear();
        blocked.clear();
        inFlight.clear();
        entries = 0;
        highestSeq = 0;
        stored.forEach(this::add);
    }

    /**
     * Replaces the picture with a read of the outbox taken a moment ago (nothing may be in flight).
     * Events that arrived after that read are newer than everything in it, and are kept: dropping
     * them would let their calls' later events go first (the backend would see "ended" before "answered").
     */
    void reload(List<OutboxEntry> stored) {
        long newestRead = stored.stream().mapToLong(OutboxEntry::seq).max().orElse(0);
        List<OutboxEntry> arrivedSince = byCall.values().stream()
                .flatMap(ArrayDeque::stream)
                .filter(entry -> entry.seq() > newestRead)
                .sorted(Comparator.comparingLong(OutboxEntry::seq))
                .toList();
        load(stored);
        arrivedSince.forEach(this::add);
    }

    /** A newly stored event; one already known (loaded from the file) is ignored. */
    void add(OutboxEntry entry) {
        if (entry.seq() <= highestSeq) {
            return;
        }
        highestSeq = entry.seq();
        entries++;
        ArrayDeque<OutboxEntry> events = byCall.computeIfAbsent(entry.callId(), id -> new ArrayDeque<>());
        events.addLast(entry);
        if (events.size() == 1) {
            becameFirst(entry);
        }
    }

    private void becameFirst(OutboxEntry entry) {
        if (entry.dead()) {
            blocked.add(entry.callId());
        } else if (!inFlight.contains(entry.callId())) {
            ready.put(entry.seq(), entry.callId());
        }
    }

    /** Up to {@code limit} events to send now, oldest first, at most one per call; they are now in flight. */
    List<OutboxEntry> take(int limit) {
        List<OutboxEntry> taken = new ArrayList<>();
        while (taken.size() < limit && !ready.isEmpty()) {
            String call = ready.pollFirstEntry().getValue();
            inFlight.add(call);
            taken.add(byCall.get(call).peekFirst());
        }
        return taken;
    }

    /** The backend has it: the call's next event becomes sendable. */
    void delivered(OutboxEntry entry) {
        inFlight.remove(entry.callId());
        ArrayDeque<OutboxEntry> events = byCall.get(entry.callId());
        events.pollFirst();
        entries--;
        if (events.isEmpty()) {
            byCall.remove(entry.callId());
        } else {
            becameFirst(events.peekFirst());
        }
    }

    /** Not delivered, to be tried again (after the forwarder's pause). */
    void retry(OutboxEntry entry) {
        inFlight.remove(entry.callId());
        ready.put(entry.seq(), entry.callId());
    }

    /** Refused for good: parked, holding its call's later events. */
    void refused(OutboxEntry entry) {
        inFlight.remove(entry.callId());
        blocked.add(entry.callId());
    }

    /** Dead events that are no longer dead in the file ({@code deskphone events retry}) go back in line. */
    void revive(Set<Long> stillDead) {
        for (String call : List.copyOf(blocked)) {
            OutboxEntry first = byCall.get(call).peekFirst();
            if (!stillDead.contains(first.seq())) {
                blocked.remove(call);
                ready.put(first.seq(), call);
            }
        }
    }

    int blockedCalls() {
        return blocked.size();
    }

    /** The calls that cannot reach the records until an administrator retries their dead event. */
    List<String> blockedCallIds() {
        return List.copyOf(blocked);
    }

    /** Events not dead, as the outbox counts them. */
    int pending() {
        return entries - blocked.size();
    }

    boolean nothingInFlight() {
        return inFlight.isEmpty();
    }
}
