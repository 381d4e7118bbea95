-- every status a message went through: queued, sent, skipped, failed, opened, clicked
CREATE TABLE message_status_history (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  outbox_id   BIGINT       NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  reason      VARCHAR(1000),
  at          DATETIME(3)  NOT NULL
) ${table_options};
CREATE INDEX ix_message_status_history_outbox ON message_status_history (outbox_id, id);
