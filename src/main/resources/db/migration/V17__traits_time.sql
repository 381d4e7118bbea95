-- the event time of the identify that last set the traits: an older identify (one arriving late, or one folded in
-- from a user merged by alias) only fills in traits the profile lacks; unknown for profiles from before
ALTER TABLE behavior_profile ADD COLUMN traits_at DATETIME(3);
