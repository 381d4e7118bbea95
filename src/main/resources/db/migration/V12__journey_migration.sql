-- every migration of running journeys to a new model version, with its report (JSON)
CREATE TABLE journey_migration (
  id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
  process_key           VARCHAR(64)  NOT NULL,
  target_definition_id  VARCHAR(64)  NOT NULL,
  -- set for automatic migrations: key plus target version, so that of several nodes only one migrates
  auto_claim            VARCHAR(200),
  requested_by          VARCHAR(64)  NOT NULL,
  started_at            DATETIME(3)  NOT NULL,
  migrated              BIGINT       NOT NULL,
  skipped               BIGINT       NOT NULL,
  report                MEDIUMTEXT   NOT NULL
) ${table_options};
CREATE UNIQUE INDEX ux_journey_migration_claim ON journey_migration (auto_claim);
