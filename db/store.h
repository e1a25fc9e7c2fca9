// One SQLite connection with every repository over it and the mutex that serialises their
// use. The orchestrator holds one Store per database file.
#ifndef RESLAB_DB_STORE_H_
#define RESLAB_DB_STORE_H_

#include <mutex>
#include <string>

#include "db/attempt_store.h"
#include "db/database.h"
#include "db/event_log.h"
#include "db/metric_store.h"
#include "db/run_store.h"
#include "db/sweep_store.h"
#include "db/worker_store.h"

namespace reslab::db {

class Store {
 public:
  // Opens (creating and migrating) the database at `path`.
  explicit Store(const std::string& path)
      : db_(Database::Open(path)),
        sweeps_(db_),
        runs_(db_),
        attempts_(db_),
        metrics_(db_),
        workers_(db_),
        events_(db_) {}
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Hold this mutex for every use of the members below, including whole transactions.
  std::mutex& mutex() { return mutex_; }
  Database& db() { return db_; }
  SweepStore& sweeps() { return sweeps_; }
  RunStore& runs() { return runs_; }
  AttemptStore& attempts() { return attempts_; }
  MetricStore& metrics() { return metrics_; }
  WorkerStore& workers() { return workers_; }
  EventLog& events() { return events_; }

 private:
  std::mutex mutex_;
  Database db_;
  SweepStore sweeps_;
  RunStore runs_;
  AttemptStore attempts_;
  MetricStore metrics_;
  WorkerStore workers_;
  EventLog events_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_STORE_H_
