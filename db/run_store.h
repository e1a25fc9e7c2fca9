// Repository for the runs table: insertion, queries and the queue's state changes. Each method
// is one or a few statements; callers wrap a whole state change in Database::Transaction.
#ifndef RESLAB_DB_RUN_STORE_H_
#define RESLAB_DB_RUN_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class RunStore {
 public:
  explicit RunStore(Database& db);

  // Inserts queued runs and copies the sweep's current priority into each of them; a later
  // change to sweeps.priority does not reorder runs already inserted.
  void InsertRuns(int64_t sweep_id, const std::vector<NewRun>& runs, int64_t now_unix_ms);
  std::optional<RunRecord> Get(int64_t run_id);
  // Runs matching `filter`, by run_id.
  std::vector<RunRecord> List(const RunFilter& filter);
  StatusCounts CountByStatus(int64_t sweep_id);

  // The queued run to lease next: highest sweep priority, then fewest parameters (unknown
  // counts first), then lowest run_id. Reads one entry of the runs_lease_order index.
  std::optional<int64_t> NextQueued();
  // Returns a fresh fencing token from the counters table, strictly greater than every
  // token returned before.
  int64_t NextFencingToken();
  // Moves a queued run to running under a new lease and counts the attempt.
  void MarkLeased(int64_t run_id, int attempt, int64_t token, const std::string& worker_id,
                  int64_t expires_unix_ms, int64_t now_unix_ms);
  // Extends a lease and records the latest progress. Absent optionals keep the stored value.
  void RenewLease(int64_t run_id, int64_t expires_unix_ms, int64_t step,
                  std::optional<double> train_loss, std::optional<double> tokens_per_second,
                  int64_t now_unix_ms);
  // Stores a training outcome and ends the lease.
  void StoreResult(int64_t run_id, const RunOutcome& outcome, int64_t now_unix_ms);
  // Ends the lease and puts the run back in the queue. `micro_batch_size`, when set,
  // replaces the stored one for the next attempt.
  void Requeue(int64_t run_id, const std::string& error, std::optional<int> micro_batch_size,
               int64_t now_unix_ms);
  // Ends the lease and gives the run a final status without a result (failed or cancelled).
  void Finish(int64_t run_id, RunStatus status, const std::string& error, int64_t now_unix_ms);
  // Running runs whose lease expired before `now_unix_ms`.
  std::vector<RunRecord> ExpiredLeases(int64_t now_unix_ms);
  // Marks the sweep's queued runs cancelled; returns how many.
  int CancelQueued(int64_t sweep_id, int64_t now_unix_ms);
  // Puts the sweep's failed and cancelled runs back in the queue, allowing each
  // `extra_attempts` more attempts; returns how many.
  int RequeueFailed(int64_t sweep_id, int extra_attempts, int64_t now_unix_ms);

 private:
  Database& db_;
  Statement insert_;
  Statement get_;
  Statement count_by_status_;
  Statement next_queued_;
  Statement next_token_;
  Statement mark_leased_;
  Statement renew_;
  Statement store_result_;
  Statement requeue_;
  Statement finish_;
  Statement expired_;
  Statement cancel_queued_;
  Statement requeue_failed_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_RUN_STORE_H_
