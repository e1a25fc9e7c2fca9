#include "db/migrations.h"

namespace reslab::db {

const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      // 1: sweeps, runs, attempts, metrics, workers, events.
      R"sql(
CREATE TABLE sweeps (
  sweep_id        INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  description     TEXT NOT NULL DEFAULT '',
  spec_json       TEXT NOT NULL,
  source          TEXT NOT NULL DEFAULT 'submitted' CHECK (source IN ('submitted', 'imported')),
  priority        INTEGER NOT NULL DEFAULT 0,
  cancelled       INTEGER NOT NULL DEFAULT 0,
  created_unix_ms INTEGER NOT NULL
);

CREATE TABLE runs (
  run_id                INTEGER PRIMARY KEY,
  sweep_id              INTEGER NOT NULL REFERENCES sweeps(sweep_id),
  priority              INTEGER NOT NULL DEFAULT 0,
  config                TEXT NOT NULL,
  config_index          INTEGER NOT NULL DEFAULT 0,
  variant               TEXT NOT NULL,
  seed                  INTEGER NOT NULL,
  params                INTEGER,
  d_model               INTEGER,
  steps                 INTEGER NOT NULL,
  status                TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed',
                          'diverged', 'failed_to_train', 'failed', 'cancelled')),
  attempt               INTEGER NOT NULL DEFAULT 0,
  max_attempts          INTEGER NOT NULL DEFAULT 3,
  micro_batch_size      INTEGER,
  lease_token           INTEGER,
  lease_worker_id       TEXT,
  lease_expires_unix_ms INTEGER,
  step                  INTEGER NOT NULL DEFAULT 0,
  train_loss            REAL,
  tokens_per_second     REAL,
  val_loss              REAL,
  ece                   REAL,
  final_steps           INTEGER,
  tokens                INTEGER,
  seconds               REAL,
  result_json           TEXT,
  last_error            TEXT,
  created_unix_ms       INTEGER NOT NULL,
  updated_unix_ms       INTEGER NOT NULL,
  UNIQUE (sweep_id, config, variant, seed)
);
CREATE INDEX runs_by_status ON runs(status);
-- Lease order. Partial, so only queued runs are indexed and the next-queued query reads one
-- entry instead of sorting the queue.
CREATE INDEX runs_lease_order ON runs(priority DESC, params, run_id) WHERE status = 'queued';
CREATE INDEX runs_by_sweep ON runs(sweep_id, status);

CREATE TABLE attempts (
  run_id          INTEGER NOT NULL REFERENCES runs(run_id),
  attempt         INTEGER NOT NULL,
  worker_id       TEXT NOT NULL,
  fencing_token   INTEGER NOT NULL UNIQUE,
  started_unix_ms INTEGER NOT NULL,
  ended_unix_ms   INTEGER,
  outcome         TEXT,
  message         TEXT,
  PRIMARY KEY (run_id, attempt)
);

CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  step   INTEGER NOT NULL,
  name   TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;

CREATE TABLE workers (
  worker_id          TEXT PRIMARY KEY,
  hostname           TEXT NOT NULL,
  device             TEXT NOT NULL,
  memory_bytes       INTEGER NOT NULL DEFAULT 0,
  pid                INTEGER NOT NULL DEFAULT 0,
  version            TEXT NOT NULL DEFAULT '',
  registered_unix_ms INTEGER NOT NULL,
  last_seen_unix_ms  INTEGER NOT NULL
);

CREATE TABLE events (
  event_id  INTEGER PRIMARY KEY,
  unix_ms   INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  sweep_id  INTEGER,
  run_id    INTEGER,
  worker_id TEXT,
  message   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_by_run ON events(run_id);
CREATE INDEX events_by_sweep ON events(sweep_id, event_id);

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('fencing_token', 0);
)sql",
  };
  return kMigrations;
}

}  // namespace reslab::db
