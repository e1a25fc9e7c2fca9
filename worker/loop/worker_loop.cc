#include "worker/loop/worker_loop.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "proto/client_channel.h"
#include "worker/loop/backoff.h"
#include "worker/loop/heartbeat_sender.h"
#include "worker/loop/metric_buffer.h"
#include "worker/loop/stop_signal.h"
#include "worker/train/trainer.h"

namespace reslab::loop {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr const char* kWorkerVersion = "0.1.0";
constexpr milliseconds kRpcTimeout(10000);
constexpr milliseconds kInitialRetryDelay(200);
constexpr milliseconds kMaxRetryDelay(5000);
// How long a finished run's report is retried while the orchestrator is unreachable. After a
// signal the wait is shorter, so that the process exits within a typical 30 s grace period.
constexpr milliseconds kReportPatience(10 * 60 * 1000);
constexpr milliseconds kReportPatienceAfterSignal(20 * 1000);

std::string Hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

bool IsOutOfMemory(const std::exception& error) {
  std::string message = error.what();
  return message.find("out of memory") != std::string::npos;
}

struct TrainOutcome {
  train::TrainResult result;
  bool failed = false;
  v1::FailureClass failure_class = v1::FAILURE_CLASS_UNSPECIFIED;
  std::string message;
};

TrainOutcome TrainCatching(const train::TrainSpec& spec, const train::TrainHooks& hooks) {
  TrainOutcome outcome;
  try {
    outcome.result = train::Train(spec, hooks);
  } catch (const std::invalid_argument& error) {
    outcome.failed = true;
    outcome.failure_class = v1::FAILURE_CLASS_INVALID_SPEC;
    outcome.message = error.what();
  } catch (const std::exception& error) {
    outcome.failed = true;
    outcome.failure_class =
        IsOutOfMemory(error) ? v1::FAILURE_CLASS_OOM : v1::FAILURE_CLASS_CRASHED;
    outcome.message = error.what();
  }
  return outcome;
}

}  // namespace

WorkerLoop::WorkerLoop(LoopOptions options)
    : options_(std::move(options)),
      stub_(v1::WorkerService::NewStub(rpc::CreateOrchestratorChannel(options_.orchestrator))) {}

int WorkerLoop::Run() {
  idle_since_ = steady_clock::now();
  spdlog::info("worker starting: orchestrator {}, device {}, checkpoints under '{}'",
               options_.orchestrator, options_.train.device, options_.train.checkpoint_root);
  if (Register()) {
    while (!StopRequested()) {
      if (options_.max_runs > 0 && runs_started_ >= options_.max_runs) {
        spdlog::info("worker {} trained {} runs (--max-runs); exiting", worker_id_,
                     runs_started_);
        break;
      }
      if (!LeaseAndRunOne()) break;
    }
  }
  int code = registration_rejected_ ? 1 : (StopRequested() ? 130 : 0);
  spdlog::info("worker {} stopping after {} runs (exit code {})", worker_id_, runs_started_,
               code);
  return code;
}

bool WorkerLoop::Register() {
  v1::RegisterWorkerRequest request;
  request.set_hostname(Hostname());
  request.set_device(options_.train.device);
  request.set_memory_bytes(options_.memory_bytes);
  request.set_pid(static_cast<int32_t>(getpid()));
  request.set_version(kWorkerVersion);

  Backoff backoff(kInitialRetryDelay, kMaxRetryDelay);
  while (!StopRequested()) {
    grpc::ClientContext context;
    rpc::PrepareContext(context, options_.token, kRpcTimeout);
    v1::RegisterWorkerResponse response;
    grpc::Status status = stub_->RegisterWorker(&context, request, &response);
    if (status.ok()) {
      worker_id_ = response.worker_id();
      if (response.heartbeat_interval_ms() > 0) {
        heartbeat_interval_ = milliseconds(response.heartbeat_interval_ms());
      }
      if (response.lease_ttl_ms() > 0) lease_ttl_ = milliseconds(response.lease_ttl_ms());
      spdlog::info("registered as worker {} (heartbeat every {} ms, lease ttl {} ms)",
                   worker_id_, heartbeat_interval_.count(), lease_ttl_.count());
      return true;
    }
    if (!rpc::IsTransient(status)) {
      spdlog::error("orchestrator {} rejected the registration: {} (code {})",
                    options_.orchestrator, status.error_message(),
                    static_cast<int>(status.error_code()));
      registration_rejected_ = true;
      return false;
    }
    if (options_.exit_when_idle.count() > 0 &&
        steady_clock::now() - idle_since_ >= options_.exit_when_idle) {
      spdlog::info("orchestrator {} unreachable for {} ms (--exit-when-idle); exiting",
                   options_.orchestrator, options_.exit_when_idle.count());
      return false;
    }
    milliseconds delay = backoff.Next();
    spdlog::warn("cannot reach orchestrator {} ({}); retrying in {} ms", options_.orchestrator,
                 status.error_message(), delay.count());
    SleepUnlessStopped(delay);
  }
  return false;
}

bool WorkerLoop::LeaseAndRunOne() {
  Backoff backoff(kInitialRetryDelay, kMaxRetryDelay);
  while (!StopRequested()) {
    v1::LeaseRunRequest request;
    request.set_worker_id(worker_id_);
    grpc::ClientContext context;
    rpc::PrepareContext(context, options_.token, kRpcTimeout);
    v1::LeaseRunResponse response;
    grpc::Status status = stub_->LeaseRun(&context, request, &response);

    milliseconds delay;
    if (status.ok() && response.leased()) {
      ++runs_started_;
      RunEnding ending = RunLeased(response.lease(), response.run());
      idle_since_ = steady_clock::now();
      return ending != RunEnding::kInterrupted;
    }
    if (status.ok()) {
      // Nothing queued: wait as suggested, or back off when the orchestrator gives no hint.
      delay = response.retry_after_ms() > 0
                  ? std::clamp(milliseconds(response.retry_after_ms()), milliseconds(20),
                               kMaxRetryDelay)
                  : backoff.Next();
    } else if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
               status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      spdlog::warn("orchestrator does not know worker {} ({}); registering again", worker_id_,
                   status.error_message());
      if (!Register()) return false;
      continue;
    } else if (rpc::IsTransient(status)) {
      delay = backoff.Next();
      spdlog::warn("lease request failed ({}); retrying in {} ms", status.error_message(),
                   delay.count());
    } else {
      spdlog::error("lease request rejected: {} (code {}); exiting", status.error_message(),
                    static_cast<int>(status.error_code()));
      registration_rejected_ = true;
      return false;
    }

    auto idle = steady_clock::now() - idle_since_;
    if (options_.exit_when_idle.count() > 0 && idle >= options_.exit_when_idle) {
      spdlog::info("worker {}: nothing leased for {} ms (--exit-when-idle); exiting",
                   worker_id_, options_.exit_when_idle.count());
      return false;
    }
    SleepUnlessStopped(delay);
  }
  return false;
}

template <typename Call>
grpc::Status WorkerLoop::Report(const char* what, int64_t run_id, Call&& call) {
  milliseconds patience = StopRequested() ? kReportPatienceAfterSignal : kReportPatience;
  auto deadline = steady_clock::now() + patience;
  Backoff backoff(kInitialRetryDelay, kMaxRetryDelay);
  while (true) {
    grpc::ClientContext context;
    rpc::PrepareContext(context, options_.token, kRpcTimeout);
    grpc::Status status = call(context);
    if (status.ok() || !rpc::IsTransient(status)) return status;
    milliseconds delay = backoff.Next();
    if (steady_clock::now() + delay > deadline) {
      spdlog::error("{} for run {} failed ({}); giving up after {} s", what, run_id,
                    status.error_message(), patience.count() / 1000);
      return status;
    }
    spdlog::warn("{} for run {} failed ({}); retrying in {} ms", what, run_id,
                 status.error_message(), delay.count());
    std::this_thread::sleep_for(delay);
  }
}

RunEnding WorkerLoop::RunLeased(const v1::Lease& lease, const v1::RunSpec& run) {
  const int64_t run_id = run.run_id();
  spdlog::info("worker {} leased run {} ({}/{} {} seed {}), attempt {}, token {}", worker_id_,
               run_id, run.sweep(), run.config().name(), run.variant(), run.seed(),
               lease.attempt(), lease.fencing_token());

  LeaseIdentity identity{worker_id_, run_id, lease.fencing_token()};
  MetricBuffer buffer;
  HeartbeatSender heartbeat(stub_.get(), options_.token, identity, &buffer, heartbeat_interval_);

  TrainOutcome outcome;
  train::TrainSpec spec;
  try {
    spec = ToTrainSpec(run, options_.train);
  } catch (const std::invalid_argument& error) {
    outcome.failed = true;
    outcome.failure_class = v1::FAILURE_CLASS_INVALID_SPEC;
    outcome.message = error.what();
  }
  if (!outcome.failed) {
    train::TrainHooks hooks;
    hooks.on_metrics = [&buffer](const std::vector<train::MetricPoint>& points) {
      buffer.Append(points);
    };
    hooks.should_stop = [&heartbeat] {
      return StopRequested() || heartbeat.cancel_requested() || heartbeat.lease_lost();
    };
    heartbeat.Start();
    outcome = TrainCatching(spec, hooks);
    heartbeat.Stop();
  }

  if (heartbeat.lease_lost()) {
    spdlog::warn("run {}: lease {} lost to another worker; dropping this attempt", run_id,
                 lease.fencing_token());
    return RunEnding::kLeaseLost;
  }
  if (!outcome.failed && outcome.result.status == "interrupted") {
    if (heartbeat.cancel_requested()) {
      spdlog::info("run {} stopped at step {} because its sweep was cancelled", run_id,
                   outcome.result.steps);
      return RunEnding::kCancelled;
    }
    outcome.failed = true;
    outcome.failure_class = StopRequested() ? v1::FAILURE_CLASS_PREEMPTED
                                            : v1::FAILURE_CLASS_CRASHED;
    outcome.message = StopRequested()
                          ? "stopped by signal " + std::to_string(StopSignal()) + " at step " +
                                std::to_string(outcome.result.steps)
                          : "trainer stopped without a stop request at step " +
                                std::to_string(outcome.result.steps);
  }

  // Send a large backlog with heartbeats so the final report stays small.
  auto drain_deadline = steady_clock::now() + (StopRequested() ? kReportPatienceAfterSignal
                                                               : kReportPatience);
  heartbeat.Drain(HeartbeatSender::kMaxMetricsPerHeartbeat, drain_deadline);
  if (heartbeat.lease_lost()) return RunEnding::kLeaseLost;
  std::vector<v1::Metric> rest = buffer.Front(buffer.size());

  grpc::Status status;
  if (outcome.failed) {
    v1::FailRunRequest request;
    request.set_worker_id(worker_id_);
    request.set_run_id(run_id);
    request.set_fencing_token(lease.fencing_token());
    request.set_failure_class(outcome.failure_class);
    request.set_message(outcome.message);
    if (outcome.failure_class == v1::FAILURE_CLASS_OOM) {
      int64_t current = spec.micro_batch_size > 0 ? spec.micro_batch_size : spec.batch_size;
      request.set_micro_batch_size(static_cast<int32_t>(std::max<int64_t>(1, current / 2)));
    }
    for (v1::Metric& metric : rest) *request.add_metrics() = std::move(metric);
    spdlog::warn("run {} failed ({}): {}", run_id, v1::FailureClass_Name(outcome.failure_class),
                 outcome.message);
    v1::FailRunResponse response;
    status = Report("FailRun", run_id, [&](grpc::ClientContext& context) {
      return stub_->FailRun(&context, request, &response);
    });
    if (status.ok()) {
      spdlog::info("run {} reported {}; {}", run_id,
                   v1::FailureClass_Name(outcome.failure_class),
                   response.requeued() ? "requeued" : "not requeued");
    }
  } else {
    v1::CompleteRunRequest request;
    request.set_worker_id(worker_id_);
    request.set_run_id(run_id);
    request.set_fencing_token(lease.fencing_token());
    *request.mutable_result() = ToRunResult(outcome.result);
    for (v1::Metric& metric : rest) *request.add_metrics() = std::move(metric);
    v1::CompleteRunResponse response;
    status = Report("CompleteRun", run_id, [&](grpc::ClientContext& context) {
      return stub_->CompleteRun(&context, request, &response);
    });
    if (status.ok()) {
      spdlog::info("run {} {}: val_loss {:.4f}, {} steps in {:.1f} s", run_id,
                   outcome.result.status, outcome.result.val_loss, outcome.result.steps,
                   outcome.result.seconds);
      if (options_.delete_finished_checkpoints && !spec.checkpoint_dir.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(spec.checkpoint_dir, ignored);
      }
    }
  }

  if (status.ok()) {
    return outcome.failure_class == v1::FAILURE_CLASS_PREEMPTED ? RunEnding::kInterrupted
                                                                : RunEnding::kReported;
  }
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::NOT_FOUND) {
    spdlog::warn("report for run {} rejected as stale (token {}): {}", run_id,
                 lease.fencing_token(), status.error_message());
    return StopRequested() ? RunEnding::kInterrupted : RunEnding::kLeaseLost;
  }
  spdlog::error("report for run {} not delivered: {} (code {})", run_id, status.error_message(),
                static_cast<int>(status.error_code()));
  return StopRequested() ? RunEnding::kInterrupted : RunEnding::kUnreported;
}

}  // namespace reslab::loop
