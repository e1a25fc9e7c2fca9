// The worker loop: registers with the orchestrator, leases runs, trains them with the heartbeat
// thread running, and reports each outcome.
#ifndef RESLAB_WORKER_LOOP_WORKER_LOOP_H_
#define RESLAB_WORKER_LOOP_WORKER_LOOP_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "reslab/v1/worker.grpc.pb.h"
#include "worker/loop/run_conversion.h"

namespace reslab::loop {

struct LoopOptions {
  // HOST:PORT of the orchestrator.
  std::string orchestrator;
  // Bearer token sent with every call; empty sends none.
  std::string token;
  // Device reported at registration ("cpu", "cuda:0") and handed to the trainer, plus the
  // checkpoint and cache folders.
  LocalTrainSettings train;
  // Device memory in bytes reported at registration (host memory for CPU).
  int64_t memory_bytes = 0;
  // Stop after this many leased runs; 0 means no limit.
  int64_t max_runs = 0;
  // Exit once nothing could be leased for this long; zero means wait forever.
  std::chrono::milliseconds exit_when_idle{0};
  // Delete a run's checkpoint folder once the orchestrator stored its result.
  bool delete_finished_checkpoints = true;
};

// Outcome of one leased run, from the loop's side.
enum class RunEnding {
  kReported,     // result or failure stored by the orchestrator
  kLeaseLost,    // the lease was rejected as stale; another worker owns the run now
  kCancelled,    // the sweep was cancelled
  kUnreported,   // the report could not be delivered before its deadline
  kInterrupted,  // a signal stopped training; the run was reported preempted
};

class WorkerLoop {
 public:
  explicit WorkerLoop(LoopOptions options);

  // Runs until --max-runs, --exit-when-idle or a signal ends the loop. Returns the process
  // exit code: 0, 1 when the orchestrator rejected the registration, 130 after a signal.
  int Run();

 private:
  bool Register();
  // Leases and trains one run. Returns false when the loop should end (signal or idle limit).
  bool LeaseAndRunOne();
  RunEnding RunLeased(const v1::Lease& lease, const v1::RunSpec& run);
  // Sends CompleteRun or FailRun through `call`, retrying transient errors until a deadline.
  template <typename Call>
  grpc::Status Report(const char* what, int64_t run_id, Call&& call);

  LoopOptions options_;
  std::unique_ptr<v1::WorkerService::Stub> stub_;
  std::string worker_id_;
  std::chrono::milliseconds heartbeat_interval_{5000};
  std::chrono::milliseconds lease_ttl_{30000};
  std::chrono::steady_clock::time_point idle_since_;
  int64_t runs_started_ = 0;
  bool registration_rejected_ = false;
};

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_WORKER_LOOP_H_
