-- the progress of the one segment re-evaluation, in one row: any node answers it, and only one node runs it
CREATE TABLE segment_re_evaluation (
  id             INT          PRIMARY KEY,
  run_state      VARCHAR(16)  NOT NULL,
  user_count     BIGINT       NOT NULL,
  done_count     BIGINT       NOT NULL,
  change_count   BIGINT       NOT NULL,
  started_at     DATETIME(3),
  finished_at    DATETIME(3),
  error_message  VARCHAR(1000),
  -- when the node running it last recorded progress: a run without progress for long is one whose node stopped
  updated_at     DATETIME(3)
) ${table_options};
INSERT INTO segment_re_evaluation (id, run_state, user_count, done_count, change_count) VALUES (1, 'idle', 0, 0, 0);
