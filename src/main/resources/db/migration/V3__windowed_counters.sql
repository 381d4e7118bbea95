-- Daily buckets carry every windowed counter (sums over the last 7 or 30 days); the profile row keeps
-- lifetime content counters.
ALTER TABLE profile_active_day ADD COLUMN page_views INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN intent_signals INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN purchases INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN revenue DECIMAL(19,4) NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN content_blog INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN content_video INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN content_email INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN content_lesson INT NOT NULL DEFAULT 0;

ALTER TABLE behavior_profile ADD COLUMN content_blog INT NOT NULL DEFAULT 0;
ALTER TABLE behavior_profile ADD COLUMN content_video INT NOT NULL DEFAULT 0;
ALTER TABLE behavior_profile ADD COLUMN content_email INT NOT NULL DEFAULT 0;
ALTER TABLE behavior_profile ADD COLUMN content_lesson INT NOT NULL DEFAULT 0;
