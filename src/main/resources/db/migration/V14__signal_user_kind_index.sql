-- ingest asks which users have a START signal waiting: (user, kind) finds exactly those rows;
-- the per-user lookups (wake, count, forget) use its first column as they used the index it replaces
CREATE INDEX ix_journey_signal_user_kind ON journey_signal (user_id, kind);
DROP INDEX ix_journey_signal_user ON journey_signal;
