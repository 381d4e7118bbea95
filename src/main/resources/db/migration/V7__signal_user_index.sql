-- signals are woken, counted and forgotten per user
CREATE INDEX ix_journey_signal_user ON journey_signal (user_id);
