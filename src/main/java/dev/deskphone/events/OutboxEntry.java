package dev.deskphone.events;

/**
 * One stored event waiting for (or refused by) the backend.
 *
 * @param seq the outbox's order of arrival; per call, events are delivered in this order
 * @param occurredAt when it happened in the page (epoch ms)
 * @param idempotencyKey sent as {@code Idempotency-Key} on every attempt, so a retry is a replay
 * @param deadAt when the backend refused it for good (epoch ms), or null while it is pending
 */
public record OutboxEntry(
        long seq,
        String callId,
        String event,
        long occurredAt,
        String idempotencyKey,
        String path,
        String body,
        long enqueuedAt,
        int attempts,
        String lastError,
        Long deadAt) {

    public boolean dead() {
        return deadAt != null;
    }
}
