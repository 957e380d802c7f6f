package dev.deskphone.server;

import java.util.Set;

/**
 * A page request for the call list: optional filters, page size, and the position after which the
 * page starts (the last call of the previous page). {@code from} is inclusive, {@code to} exclusive.
 * {@code accounts}, when not null, limits the page to those accounts (an agent token's).
 */
record CallQuery(
        String account, String direction, Long from, Long to, int limit, Position after, Set<String> accounts) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** A place in the newest-first order: calls sort by started_at, then id. */
    record Position(long startedAt, String id) {}
}
