-- How a transferred call was handed on. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- transfer_kind: 'blind' (REFER to a target) or 'attended' (REFER with Replaces, RFC 5589 §7);
-- transfer_target: the target's URI. Both NULL for a call that was not transferred, as every call
-- stored before this column existed.

ALTER TABLE calls ADD COLUMN transfer_kind VARCHAR(8);
ALTER TABLE calls ADD COLUMN transfer_target VARCHAR(512);
