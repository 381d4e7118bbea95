-- message statistics read the outbox by creation time for a period
CREATE INDEX ix_message_outbox_created ON message_outbox (created_at);
