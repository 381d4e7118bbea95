-- Identity resolution: an anonymousId (or a merged userId) and the userId it now belongs to.
CREATE TABLE identity_link (
  from_id    VARCHAR(255) NOT NULL PRIMARY KEY,
  to_id      VARCHAR(255) NOT NULL,
  linked_at  DATETIME(3)  NOT NULL
) ${table_options};

CREATE INDEX ix_behavior_event_anonymous ON behavior_event (anonymous_id, user_id);
