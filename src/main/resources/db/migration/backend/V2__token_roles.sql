-- What a token may do. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- role: 'admin' (everything), 'reporting' (read everything, write nothing) or 'agent' (only the
-- calls of its accounts). Tokens made before roles existed keep working as they did: admin.
-- accounts: an agent token's accounts, comma-separated and sorted; NULL for the other roles.

ALTER TABLE api_tokens ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ADD COLUMN accounts TEXT;
