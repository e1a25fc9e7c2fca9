// The worker-facing side of the queue: registration, leases with fencing tokens, heartbeats,
// outcomes, retries by failure class and lease expiry. Free of gRPC; WorkerServiceImpl adapts
// it.
#ifndef RESLAB_ORCHESTRATOR_SCHEDULER_H_
#define RESLAB_ORCHESTRATOR_SCHEDULER_H_

#include <chrono>
#include <optional>
#include <string>

#include "db/store.h"
#include "orchestrator/event_notifier.h"
#include "orchestrator/spec_cache.h"
#include "reslab/v1/worker.pb.h"

namespace reslab::orchestrator {

struct SchedulerOptions {
  // A lease expires this long after it was granted or last renewed.
  std::chrono::milliseconds lease_ttl{60000};
  // Heartbeat interval sent to workers at registration.
  std::chrono::milliseconds heartbeat_interval{5000};
  // Wait suggested to a worker that found the queue empty.
  std::chrono::milliseconds retry_after{1000};
};

// Thread-safe: every method takes the store's mutex and changes state in one transaction.
class Scheduler {
 public:
  Scheduler(db::Store& store, EventNotifier& notifier, SchedulerOptions options);

  v1::RegisterWorkerResponse Register(const v1::RegisterWorkerRequest& request);
  // Leases the queued run that comes first by sweep priority (highest first), parameter count
  // (smallest first) and run id, after expiring overdue leases. Throws OrchestratorError
  // (kNotFound) for an unregistered worker.
  v1::LeaseRunResponse Lease(const v1::LeaseRunRequest& request);
  // Stores the metrics and renews the lease, or, when the sweep was cancelled, cancels the
  // run and replies ACTION_CANCEL. A stale token throws kFailedPrecondition.
  v1::HeartbeatResponse Heartbeat(const v1::HeartbeatRequest& request);
  // Stores the outcome and the last metrics. A stale token throws kFailedPrecondition; a
  // status other than completed, diverged or failed_to_train throws kInvalidArgument.
  void Complete(const v1::CompleteRunRequest& request);
  // Ends the attempt. crashed, preempted and oom are retried while attempts remain (oom with
  // the request's micro_batch_size); invalid_spec fails the run at once.
  v1::FailRunResponse Fail(const v1::FailRunRequest& request);
  // Ends every lease that expired before now as a lost attempt and retries or fails its run.
  // Returns the number of leases ended.
  int ExpireLeases();

  const SchedulerOptions& options() const { return options_; }

 private:
  // The run held by `token`, or kFailedPrecondition (logged) when the token is stale.
  db::RunRecord CheckLeaseLocked(const std::string& what, int64_t run_id, int64_t token,
                                 const std::string& worker_id);
  // Ends the leases that expired before `now` inside the caller's transaction. `*event_id`
  // gets the last event appended, for the caller to publish after the commit.
  int ExpireLeasesLocked(int64_t now, int64_t* event_id);
  // Requeues the run when the sweep is live, `retry` is true and attempts remain; otherwise
  // gives it its final status. Returns true when requeued; `*event_id` gets the event.
  bool RetryOrFinishLocked(const db::RunRecord& run, bool retry, const std::string& error,
                           std::optional<int> micro_batch_size, int64_t now, int64_t* event_id);

  db::Store& store_;
  EventNotifier& notifier_;
  SchedulerOptions options_;
  SpecCache specs_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SCHEDULER_H_
