package dev.deskphone.events;

/**
 * What the status bar shows: the page's {@code backend-status} message (architecture.md).
 *
 * @param state {@code online}, {@code offline} (unreachable, timing out or failing with 408/429/5xx)
 *     or {@code unauthorized} (the backend refused the token: 401/403)
 * @param pending events waiting for delivery
 * @param dead events the backend refused (see {@code deskphone events list --dead})
 * @param capacity the outbox's size; the page warns when {@code pending + dead} comes near it
 */
public record BackendStatus(String type, String state, int pending, int dead, int capacity) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String UNAUTHORIZED = "unauthorized";

    static BackendStatus of(String state, Outbox.Counts counts) {
        return new BackendStatus("backend-status", state, counts.pending(), counts.dead(), counts.capacity());
    }
}
