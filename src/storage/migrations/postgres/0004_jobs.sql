-- Scheduled jobs of `wakala serve` (docs/operations.md). A run is claimed by
-- writing its row: the primary key (job, due_at) lets one process, and only
-- one, claim a due run, however many servers share the database. The scheduler
-- writes the row in the same transaction as the run's work, so a run that
-- committed is recorded and a run that crashed left nothing behind; a failed
-- run is recorded with outcome 'error' and may be claimed again.
CREATE TABLE job_runs (
  job TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  holder TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
  detail TEXT NOT NULL DEFAULT '',
  attempts BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (job, due_at)
);
CREATE INDEX job_runs_started_at ON job_runs (started_at);
