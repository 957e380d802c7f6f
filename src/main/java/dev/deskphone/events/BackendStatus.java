package dev.deskphone.events;

import java.util.List;

/**
 * What the status bar shows: the page's {@code backend-status} message (architecture.md).
 *
 * @param state {@code online}, {@code offline} (unreachable, timing out or failing with 408/429/5xx)
 *     or {@code unauthorized} (the backend refused the token: 401)
 * @param pending events waiting for delivery
 * @param dead events the backend refused (see {@code deskphone events list --dead})
 * @param capacity the outbox's size; the page warns when {@code pending + dead} comes near it
 * @param undelivered the calls that cannot reach the records because one of their events is dead
 *     (the page marks their cards "Not delivered"), at most {@link #UNDELIVERED_SHOWN}, newest last
 */
public record BackendStatus(String type, String state, int pending, int dead, int capacity, List<String> undelivered) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String UNAUTHORIZED = "unauthorized";
    /** More than the page's cards and history can show: the message stays small with a full outbox. */
    static final int UNDELIVERED_SHOWN = 100;

    public BackendStatus {
        undelivered = List.copyOf(undelivered);
    }

    public BackendStatus(String type, String state, int pending, int dead, int capacity) {
        this(type, state, pending, dead, capacity, List.of());
    }

    static BackendStatus of(String state, Outbox.Counts counts, List<String> undelivered) {
        List<String> shown = undelivered.size() > UNDELIVERED_SHOWN
                ? undelivered.subList(undelivered.size() - UNDELIVERED_SHOWN, undelivered.size())
                : undelivered;
        return new BackendStatus("backend-status", state, counts.pending(), counts.dead(), counts.capacity(), shown);
    }
}
