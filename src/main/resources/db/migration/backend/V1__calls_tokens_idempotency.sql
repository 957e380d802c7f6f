-- The backend's schema. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Instants are epoch milliseconds (BIGINT): exact, comparable, and the same on both databases.

CREATE TABLE calls (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    direction           VARCHAR(8)   NOT NULL,
    account             VARCHAR(64)  NOT NULL,
    profile             VARCHAR(64)  NOT NULL,
    local_uri           VARCHAR(512) NOT NULL,
    remote_uri          VARCHAR(512) NOT NULL,
    remote_display_name VARCHAR(256),
    started_at          BIGINT       NOT NULL,
    answered_at         BIGINT,
    ended_at            BIGINT,
    end_reason          VARCHAR(16),
    sip_status          INTEGER,
    ended_by            VARCHAR(8),
    jitter_ms           DOUBLE PRECISION,
    packet_loss_pct     DOUBLE PRECISION,
    rtt_ms              DOUBLE PRECISION,
    codec               VARCHAR(32),
    mos                 DOUBLE PRECISION,
    wrapup_ended_at     BIGINT,
    disposition         VARCHAR(64),
    notes               TEXT,
    received_at         BIGINT       NOT NULL,
    updated_at          BIGINT       NOT NULL
);

-- Keyset paging, newest first, overall and per account.
CREATE INDEX calls_started ON calls (started_at, id);
CREATE INDEX calls_account_started ON calls (account, started_at, id);

CREATE TABLE api_tokens (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    name        VARCHAR(64) NOT NULL,
    token_hash  VARCHAR(64) NOT NULL UNIQUE,
    created_at  BIGINT      NOT NULL,
    revoked_at  BIGINT
);

-- A name identifies one active token; revoked tokens keep their row for the record.
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;

-- Idempotency-Key header values already used, with a fingerprint of the request they came with.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) NOT NULL PRIMARY KEY,
    request_hash    VARCHAR(64)  NOT NULL,
    call_id         VARCHAR(36)  NOT NULL,
    created_at      BIGINT       NOT NULL
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
