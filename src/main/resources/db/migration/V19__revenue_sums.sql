-- revenue sums of any number of purchases: each amount is below 10^12 and purchases are counted in an INT, so a sum
-- stays below 10^22 (a DECIMAL(19,4) held 10^15, a thousand of the largest orders; the next write failed for good)
ALTER TABLE behavior_profile ${modify_column} revenue DECIMAL(26,4) NOT NULL;
ALTER TABLE profile_active_day ${modify_column} revenue DECIMAL(26,4) DEFAULT 0 NOT NULL;
