-- users who unsubscribed from marketing email (one-click link); identify traits can opt out as well
CREATE TABLE message_suppression (
  user_id     VARCHAR(255) NOT NULL PRIMARY KEY,
  source      VARCHAR(32)  NOT NULL,
  created_at  DATETIME(3)  NOT NULL
) ${table_options};

-- when a message went out, for the frequency cap (updated_at moves on with later statuses)
ALTER TABLE message_outbox ADD COLUMN sent_at DATETIME(3);
CREATE INDEX ix_message_outbox_user_sent ON message_outbox (user_id, sent_at);
