-- When a segment was last entered (over-segmentation report).
CREATE INDEX ix_segment_transition_entered ON segment_transition (dimension, to_segment, occurred_at);
