// Repository for the attempts table: one row per lease, kept after the run finishes.
#ifndef RESLAB_DB_ATTEMPT_STORE_H_
#define RESLAB_DB_ATTEMPT_STORE_H_

#include <string>
#include <vector>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class AttemptStore {
 public:
  explicit AttemptStore(Database& db);

  void Start(int64_t run_id, int attempt, const std::string& worker_id, int64_t fencing_token,
             int64_t now_unix_ms);
  // Records how the attempt holding `fencing_token` ended.
  void End(int64_t fencing_token, const std::string& outcome, const std::string& message,
           int64_t now_unix_ms);
  // The run's attempts, first attempt first.
  std::vector<AttemptRecord> ForRun(int64_t run_id);

 private:
  Statement start_;
  Statement end_;
  Statement for_run_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_ATTEMPT_STORE_H_
