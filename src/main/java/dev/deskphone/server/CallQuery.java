package dev.deskphone.server;

/**
 * A page request for the call list: optional filters, page size, and the position after which the
 * page starts (the last call of the previous page). {@code from} is inclusive, {@code to} exclusive.
 */
record CallQuery(String account, String direction, Long from, Long to, int limit, Position after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** A place in the newest-first order: calls sort by started_at, then id. */
    record Position(long startedAt, String id) {}
}
