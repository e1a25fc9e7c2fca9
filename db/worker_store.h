// Repository for the workers table.
#ifndef RESLAB_DB_WORKER_STORE_H_
#define RESLAB_DB_WORKER_STORE_H_

#include <optional>
#include <string>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class WorkerStore {
 public:
  explicit WorkerStore(Database& db);

  // Stores a new worker. Its id is "<hostname>-<pid>-<n>", with n from a counter, so ids
  // stay unique across orchestrator restarts. Returns the stored record.
  WorkerRecord Register(WorkerRecord worker, int64_t now_unix_ms);
  std::optional<WorkerRecord> Get(const std::string& worker_id);
  // Updates last_seen_unix_ms; returns false for an unknown worker.
  bool Touch(const std::string& worker_id, int64_t now_unix_ms);

 private:
  Statement next_number_;
  Statement insert_;
  Statement get_;
  Statement touch_;
  Database& db_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_WORKER_STORE_H_
