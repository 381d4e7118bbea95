-- Our own tables (Camunda creates and upgrades its ACT_* tables itself).
-- Portable between H2 and MySQL/MariaDB; ${table_options} carries the MySQL charset and collation.

CREATE TABLE behavior_event (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  message_id    VARCHAR(255) NOT NULL,
  type          VARCHAR(16)  NOT NULL,
  user_id       VARCHAR(255),
  anonymous_id  VARCHAR(255),
  name          VARCHAR(255),
  event_time    DATETIME(3)  NOT NULL,
  received_at   DATETIME(3)  NOT NULL,
  payload       MEDIUMTEXT   NOT NULL,
  CONSTRAINT uk_behavior_event_message_id UNIQUE (message_id)
) ${table_options};
CREATE INDEX ix_behavior_event_user_time ON behavior_event (user_id, event_time);

CREATE TABLE behavior_profile (
  user_id             VARCHAR(255)  NOT NULL PRIMARY KEY,
  email               VARCHAR(320),
  traits              MEDIUMTEXT,
  first_seen_at       DATETIME(3)   NOT NULL,
  last_event_at       DATETIME(3)   NOT NULL,
  last_activity_at    DATETIME(3),
  event_count         BIGINT        NOT NULL,
  activity_count      BIGINT        NOT NULL,
  page_views          BIGINT        NOT NULL,
  purchases           INT           NOT NULL,
  revenue             DECIMAL(19,4) NOT NULL,
  last_purchase_at    DATETIME(3),
  intent_signals      INT           NOT NULL,
  pricing_page_views  INT           NOT NULL,
  cart_adds           INT           NOT NULL,
  checkouts_started   INT           NOT NULL,
  demo_requests       INT           NOT NULL,
  last_intent_at      DATETIME(3),
  last_intent_kind    VARCHAR(32)
) ${table_options};

CREATE TABLE profile_active_day (
  user_id        VARCHAR(255) NOT NULL,
  activity_date  DATE         NOT NULL,
  events         INT          NOT NULL,
  PRIMARY KEY (user_id, activity_date)
) ${table_options};

CREATE TABLE segment_membership (
  user_id    VARCHAR(255) NOT NULL,
  dimension  VARCHAR(32)  NOT NULL,
  segment    VARCHAR(64)  NOT NULL,
  since      DATETIME(3)  NOT NULL,
  PRIMARY KEY (user_id, dimension)
) ${table_options};
CREATE INDEX ix_segment_membership_segment ON segment_membership (dimension, segment);

CREATE TABLE segment_transition (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id       VARCHAR(255) NOT NULL,
  dimension     VARCHAR(32)  NOT NULL,
  from_segment  VARCHAR(64),
  to_segment    VARCHAR(64)  NOT NULL,
  occurred_at   DATETIME(3)  NOT NULL,
  reason        VARCHAR(255) NOT NULL,
  journey_id    VARCHAR(64)
) ${table_options};
CREATE INDEX ix_segment_transition_user ON segment_transition (user_id, id);

CREATE TABLE journey (
  user_id              VARCHAR(255) NOT NULL PRIMARY KEY,
  process_instance_id  VARCHAR(64),
  started_at           DATETIME(3)  NOT NULL,
  journeys_started     INT          NOT NULL
) ${table_options};

CREATE TABLE journey_signal (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id          VARCHAR(255) NOT NULL,
  kind             VARCHAR(32)  NOT NULL,
  intent_kind      VARCHAR(32),
  created_at       DATETIME(3)  NOT NULL,
  next_attempt_at  DATETIME(3)  NOT NULL,
  attempts         INT          NOT NULL
) ${table_options};
CREATE INDEX ix_journey_signal_due ON journey_signal (next_attempt_at);

CREATE TABLE message_outbox (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  idempotency_key  VARCHAR(191)  NOT NULL,
  user_id          VARCHAR(255)  NOT NULL,
  kind             VARCHAR(64)   NOT NULL,
  journey_id       VARCHAR(64),
  status           VARCHAR(16)   NOT NULL,
  status_reason    VARCHAR(255),
  recipient        VARCHAR(320),
  subject          VARCHAR(500),
  smtp_message_id  VARCHAR(255),
  attempts         INT           NOT NULL,
  last_error       VARCHAR(1000),
  created_at       DATETIME(3)   NOT NULL,
  updated_at       DATETIME(3)   NOT NULL,
  CONSTRAINT uk_message_outbox_key UNIQUE (idempotency_key)
) ${table_options};
CREATE INDEX ix_message_outbox_user ON message_outbox (user_id, id);
