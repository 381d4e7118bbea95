-- metrics rebuild segment memberships at a past instant from the transitions after it
CREATE INDEX ix_segment_transition_time ON segment_transition (dimension, occurred_at);
