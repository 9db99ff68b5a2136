-- `wakala import` runs (issue 15): how far each got, so that an interrupted
-- import run again goes on where it stopped. A run is known by what it read:
-- prefix_sha256 is the SHA-256 of the file's first lines_done lines (each with
-- its newline), written in the transaction of the events of those lines. A
-- file whose first lines hash to that value has those lines in the store.
CREATE TABLE import_runs (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  lines_done BIGINT NOT NULL CHECK (lines_done >= 0),
  prefix_sha256 TEXT NOT NULL,
  events_read BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
