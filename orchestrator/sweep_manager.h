// The client-facing operations on sweeps: submit, query, cancel, requeue and watch. Free of
// gRPC; ClientServiceImpl adapts it.
#ifndef RESLAB_ORCHESTRATOR_SWEEP_MANAGER_H_
#define RESLAB_ORCHESTRATOR_SWEEP_MANAGER_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "db/store.h"
#include "orchestrator/event_notifier.h"
#include "orchestrator/spec_cache.h"
#include "reslab/v1/client.pb.h"

namespace reslab::orchestrator {

// Thread-safe: every method takes the store's mutex.
class SweepManager {
 public:
  SweepManager(db::Store& store, EventNotifier& notifier, int64_t max_runs);

  // Validates, fills defaults, expands and stores the sweep with its queued runs in one
  // transaction. An identical resubmission returns the stored sweep with created false. Throws
  // OrchestratorError: kInvalidArgument naming the field, kAlreadyExists for a name taken by
  // a different spec. Nothing is written when it throws.
  v1::SubmitSweepResponse Submit(const v1::SweepSpec& spec);
  // Throws OrchestratorError (kNotFound) for an unknown name.
  v1::Sweep Get(const std::string& name);
  std::vector<v1::Sweep> List();
  // Marks the sweep cancelled and its queued runs cancelled. Running runs are cancelled at
  // their next heartbeat.
  v1::CancelSweepResponse Cancel(const std::string& name);
  // Requeues failed and cancelled runs with max_attempts more attempts each, and clears the
  // sweep's cancelled flag.
  v1::RequeueFailedResponse RequeueFailed(const std::string& name);
  v1::ListRunsResponse ListRuns(const v1::ListRunsRequest& request);
  v1::GetRunResponse GetRun(int64_t run_id);

  // A batch of run events for WatchSweep.
  struct WatchBatch {
    int64_t sweep_id = 0;
    // Resume point for the next NextEvents call.
    int64_t last_event_id = 0;
    std::vector<v1::RunEvent> events;
    // True when no run of the sweep is queued or running.
    bool finished = false;
  };
  // The current state of every run of the sweep, as "snapshot" events.
  WatchBatch Snapshot(const std::string& name);
  // Events after `after_event_id`, waiting at most `max_wait` for the first one. An empty
  // batch means the wait timed out or the notifier was closed.
  WatchBatch NextEvents(int64_t sweep_id, int64_t after_event_id,
                        std::chrono::milliseconds max_wait);

 private:
  db::SweepRecord FindSweepLocked(const std::string& name);
  bool FinishedLocked(int64_t sweep_id);

  db::Store& store_;
  EventNotifier& notifier_;
  int64_t max_runs_;
  SpecCache specs_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SWEEP_MANAGER_H_
