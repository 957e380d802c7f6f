-- What the far end's equipment said, from the headers of its SIP messages: its User-Agent (or a
-- response's Server) header, and the Reason header (RFC 3326) of its BYE or CANCEL. Both are the
-- far end's text, stored cleaned and clipped to these lengths (code points); NULL when not sent.
-- Portable SQL: the same file runs on SQLite and PostgreSQL.

ALTER TABLE calls ADD COLUMN remote_user_agent VARCHAR(256);
ALTER TABLE calls ADD COLUMN remote_reason VARCHAR(256);
