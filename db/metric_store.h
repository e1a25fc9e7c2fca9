// Repository for the metrics table: one value per (run, name, step).
#ifndef RESLAB_DB_METRIC_STORE_H_
#define RESLAB_DB_METRIC_STORE_H_

#include <vector>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class MetricStore {
 public:
  explicit MetricStore(Database& db);

  // Writes `metrics` in one transaction (joining the caller's, if any). A (name, step) that
  // is already stored for the run gets the new value, so resending a batch never duplicates.
  // Non-finite values are stored as NULL, because SQLite has no NaN.
  void Upsert(int64_t run_id, const std::vector<MetricRow>& metrics);
  // The run's metrics ordered by name, then step. NULL values read back as NaN.
  std::vector<MetricRow> ForRun(int64_t run_id);

 private:
  Database& db_;
  Statement upsert_;
  Statement for_run_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_METRIC_STORE_H_
