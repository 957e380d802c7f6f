package dev.deskphone.server;

/** The databases the backend runs on, and the little SQL that differs between them. */
enum Vendor {
    SQLITE(""),
    POSTGRESQL(" FOR UPDATE");

    /**
     * Appended to the SELECT that reads a call before changing it. PostgreSQL needs the row lock
     * because several server instances may share one database; SQLite has one writer connection,
     * so writes are already serialised (and it has no FOR UPDATE).
     */
    final String lockForUpdate;

    Vendor(String lockForUpdate) {
        this.lockForUpdate = lockForUpdate;
    }

    static Vendor of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL '" + JdbcUrls.redact(jdbcUrl)
                + "': use jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
}
