-- Users with recent activity, whose 7/30-day segments age every day (daily segment refresh).
CREATE INDEX ix_behavior_profile_last_activity ON behavior_profile (last_activity_at, user_id);
