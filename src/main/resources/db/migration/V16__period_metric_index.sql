-- churn and reactivation read a period's lifecycle changes (who, from, to) from this index alone; it
-- replaces the index that is its first two columns, so every query that used that one uses this one as it did
CREATE INDEX ix_segment_transition_period ON segment_transition (dimension, occurred_at, user_id, from_segment, to_segment);
DROP INDEX ix_segment_transition_time ON segment_transition;
