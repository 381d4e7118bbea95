-- Intent by kind in the daily buckets (for 30-day intent segments), and when the user last put
-- something in a cart or started a checkout (an open cart is one with no purchase since).
ALTER TABLE profile_active_day ADD COLUMN pricing_page_views INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN cart_adds INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN checkouts_started INT NOT NULL DEFAULT 0;
ALTER TABLE profile_active_day ADD COLUMN demo_requests INT NOT NULL DEFAULT 0;
ALTER TABLE behavior_profile ADD COLUMN last_cart_at DATETIME(3);
