#include "orchestrator/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "orchestrator/errors.h"
#include "orchestrator/proto_convert.h"

namespace reslab::orchestrator {
namespace {

// Heartbeat metric names copied into runs.train_loss and runs.tokens_per_second.
constexpr char kTrainLossMetric[] = "train_loss";
constexpr char kTokensPerSecondMetric[] = "tokens_per_second";

// The value of `name` at the largest step in `metrics`, if present.
std::optional<double> LatestValue(const std::vector<db::MetricRow>& metrics,
                                  const std::string& name) {
  std::optional<double> value;
  int64_t best_step = -1;
  for (const db::MetricRow& metric : metrics) {
    if (metric.name == name && metric.step >= best_step) {
      best_step = metric.step;
      value = metric.value;
    }
  }
  return value;
}

std::string FailureClassName(v1::FailureClass failure_class) {
  switch (failure_class) {
    case v1::FAILURE_CLASS_CRASHED:
      return "crashed";
    case v1::FAILURE_CLASS_OOM:
      return "oom";
    case v1::FAILURE_CLASS_PREEMPTED:
      return "preempted";
    case v1::FAILURE_CLASS_INVALID_SPEC:
      return "invalid_spec";
    default:
      return "";
  }
}

}  // namespace

Scheduler::Scheduler(db::Store& store, EventNotifier& notifier, SchedulerOptions options)
    : store_(store), notifier_(notifier), options_(options) {}

v1::RegisterWorkerResponse Scheduler::Register(const v1::RegisterWorkerRequest& request) {
  db::WorkerRecord worker;
  worker.hostname = request.hostname();
  worker.device = request.device();
  worker.memory_bytes = request.memory_bytes();
  worker.pid = request.pid();
  worker.version = request.version();
  {
    std::lock_guard<std::mutex> lock(store_.mutex());
    worker = store_.workers().Register(worker, db::NowUnixMs());
  }
  spdlog::info("worker {} registered: device {}, {} bytes of memory, version {}", worker.worker_id,
               worker.device, worker.memory_bytes, worker.version);
  v1::RegisterWorkerResponse response;
  response.set_worker_id(worker.worker_id);
  response.set_heartbeat_interval_ms(static_cast<int>(options_.heartbeat_interval.count()));
  response.set_lease_ttl_ms(static_cast<int>(options_.lease_ttl.count()));
  return response;
}

v1::LeaseRunResponse Scheduler::Lease(const v1::LeaseRunRequest& request) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  int64_t now = db::NowUnixMs();
  v1::LeaseRunResponse response;
  int64_t event_id = 0;
  // Expiry shares the lease's transaction, so a lease costs one commit. An unknown worker
  // rolls the expiry back too; the next lease or the lease sweeper redoes it.
  bool leased = store_.db().Transaction([&] {
    ExpireLeasesLocked(now, &event_id);
    if (!store_.workers().Touch(request.worker_id(), now)) {
      throw NotFound("worker_id: '" + request.worker_id() +
                     "' is not registered; call RegisterWorker first");
    }
    auto run_id = store_.runs().NextQueued();
    if (!run_id) return false;
    auto run = store_.runs().Get(*run_id);
    int64_t token = store_.runs().NextFencingToken();
    int attempt = run->attempt + 1;
    int64_t expires = now + options_.lease_ttl.count();
    store_.runs().MarkLeased(*run_id, attempt, token, request.worker_id(), expires, now);
    store_.attempts().Start(*run_id, attempt, request.worker_id(), token, now);
    event_id = store_.events().Append("leased", run->sweep_id, *run_id, request.worker_id(),
                                      "attempt " + std::to_string(attempt), now);
    run = store_.runs().Get(*run_id);
    v1::Lease* lease = response.mutable_lease();
    lease->set_run_id(*run_id);
    lease->set_attempt(attempt);
    lease->set_fencing_token(token);
    lease->set_expires_unix_ms(expires);
    *response.mutable_run() = MakeRunSpec(*run, specs_.Get(store_.sweeps(), run->sweep_id));
    return true;
  });
  response.set_leased(leased);
  if (event_id > 0) notifier_.Publish(event_id);
  if (!leased) {
    response.set_retry_after_ms(static_cast<int>(options_.retry_after.count()));
    return response;
  }
  spdlog::info("leased run {} ({} {} {} seed {}) to worker {}: attempt {}, token {}",
               response.lease().run_id(), response.run().sweep(), response.run().config().name(),
               response.run().variant(), response.run().seed(), request.worker_id(),
               response.lease().attempt(), response.lease().fencing_token());
  return response;
}

db::RunRecord Scheduler::CheckLeaseLocked(const std::string& what, int64_t run_id, int64_t token,
                                          const std::string& worker_id) {
  auto run = store_.runs().Get(run_id);
  if (!run) throw NotFound("run_id: run " + std::to_string(run_id) + " not found");
  if (run->status == db::RunStatus::kRunning && run->lease_token == token) return *run;
  std::string current = run->lease_token ? std::to_string(*run->lease_token) : "none";
  spdlog::warn(
      "rejected {} for run {} from worker {}: fencing token {} is stale (run is {}, "
      "current token {})",
      what, run_id, worker_id, token, db::RunStatusName(run->status), current);
  throw FailedPrecondition("fencing_token: " + std::to_string(token) + " is stale for run " +
                           std::to_string(run_id) + " (run is " + db::RunStatusName(run->status) +
                           ", current token " + current + "); drop this run");
}

v1::HeartbeatResponse Scheduler::Heartbeat(const v1::HeartbeatRequest& request) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  int64_t now = db::NowUnixMs();
  v1::HeartbeatResponse response;
  int64_t event_id = 0;
  bool cancelled = false;
  db::RunRecord run;
  store_.db().Transaction([&] {
    run = CheckLeaseLocked("heartbeat", request.run_id(), request.fencing_token(),
                           request.worker_id());
    store_.workers().Touch(request.worker_id(), now);
    std::vector<db::MetricRow> metrics = FromProto(request.metrics());
    store_.metrics().Upsert(run.run_id, metrics);
    auto sweep = store_.sweeps().FindById(run.sweep_id);
    if (sweep && sweep->cancelled) {
      cancelled = true;
      store_.runs().Finish(run.run_id, db::RunStatus::kCancelled, "sweep cancelled", now);
      store_.attempts().End(request.fencing_token(), "cancelled", "sweep cancelled", now);
      event_id = store_.events().Append("cancelled", run.sweep_id, run.run_id, request.worker_id(),
                                        "sweep cancelled while running", now);
      response.set_action(v1::HeartbeatResponse::ACTION_CANCEL);
      return;
    }
    int64_t expires = now + options_.lease_ttl.count();
    store_.runs().RenewLease(run.run_id, expires, request.step(),
                             LatestValue(metrics, kTrainLossMetric),
                             LatestValue(metrics, kTokensPerSecondMetric), now);
    event_id = store_.events().Append("progress", run.sweep_id, run.run_id, request.worker_id(),
                                      "step " + std::to_string(request.step()), now);
    response.set_action(v1::HeartbeatResponse::ACTION_CONTINUE);
    response.set_lease_expires_unix_ms(expires);
  });
  notifier_.Publish(event_id);
  if (cancelled) {
    spdlog::info("run {} cancelled at heartbeat; sent ACTION_CANCEL to worker {}", run.run_id,
                 request.worker_id());
  }
  return response;
}

void Scheduler::Complete(const v1::CompleteRunRequest& request) {
  const v1::RunResult& result = request.result();
  db::RunOutcome outcome;
  try {
    outcome.status = db::ParseRunStatus(result.status());
  } catch (const db::Error&) {
    outcome.status = db::RunStatus::kQueued;
  }
  if (!db::IsResult(outcome.status)) {
    throw InvalidArgument("result.status: '" + result.status() +
                          "' is not one of completed, diverged, failed_to_train");
  }
  if (std::isfinite(result.val_loss())) outcome.val_loss = result.val_loss();
  if (std::isfinite(result.ece())) outcome.ece = result.ece();
  outcome.params = result.params();
  outcome.steps = result.steps();
  outcome.tokens = result.tokens();
  outcome.seconds = result.seconds();
  outcome.micro_batch_size = result.micro_batch_size();
  outcome.result_json = result.result_json();

  std::lock_guard<std::mutex> lock(store_.mutex());
  int64_t now = db::NowUnixMs();
  int64_t event_id = 0;
  store_.db().Transaction([&] {
    db::RunRecord run = CheckLeaseLocked("completion", request.run_id(), request.fencing_token(),
                                         request.worker_id());
    store_.workers().Touch(request.worker_id(), now);
    store_.metrics().Upsert(run.run_id, FromProto(request.metrics()));
    store_.runs().StoreResult(run.run_id, outcome, now);
    store_.attempts().End(request.fencing_token(), result.status(), "", now);
    event_id = store_.events().Append("completed", run.sweep_id, run.run_id, request.worker_id(),
                                      result.status(), now);
  });
  notifier_.Publish(event_id);
  spdlog::info("run {} {} by worker {}: val_loss {}, {} steps", request.run_id(), result.status(),
               request.worker_id(), result.val_loss(), result.steps());
}

v1::FailRunResponse Scheduler::Fail(const v1::FailRunRequest& request) {
  std::string failure = FailureClassName(request.failure_class());
  if (failure.empty()) {
    throw InvalidArgument("failure_class: " + std::to_string(request.failure_class()) +
                          " is not crashed, oom, preempted or invalid_spec");
  }
  std::lock_guard<std::mutex> lock(store_.mutex());
  int64_t now = db::NowUnixMs();
  int64_t event_id = 0;
  bool requeued = false;
  store_.db().Transaction([&] {
    db::RunRecord run = CheckLeaseLocked("failure report", request.run_id(),
                                         request.fencing_token(), request.worker_id());
    std::optional<int> micro_batch_size;
    if (request.failure_class() == v1::FAILURE_CLASS_OOM) {
      const v1::ModelConfig& config =
          specs_.Get(store_.sweeps(), run.sweep_id).configs(run.config_index);
      int size = request.micro_batch_size();
      if (size < 1 || size > config.batch_size()) {
        throw InvalidArgument("micro_batch_size: " + std::to_string(size) + " is outside 1-" +
                              std::to_string(config.batch_size()) + " (batch_size)");
      }
      micro_batch_size = size;
    }
    store_.workers().Touch(request.worker_id(), now);
    store_.metrics().Upsert(run.run_id, FromProto(request.metrics()));
    store_.attempts().End(request.fencing_token(), failure, request.message(), now);
    bool retry = request.failure_class() != v1::FAILURE_CLASS_INVALID_SPEC;
    std::string error =
        failure + " on attempt " + std::to_string(run.attempt) + ": " + request.message();
    requeued = RetryOrFinishLocked(run, retry, error, micro_batch_size, now, &event_id);
  });
  notifier_.Publish(event_id);
  v1::FailRunResponse response;
  response.set_requeued(requeued);
  return response;
}

int Scheduler::ExpireLeases() {
  std::lock_guard<std::mutex> lock(store_.mutex());
  int64_t event_id = 0;
  int expired =
      store_.db().Transaction([&] { return ExpireLeasesLocked(db::NowUnixMs(), &event_id); });
  notifier_.Publish(event_id);
  return expired;
}

int Scheduler::ExpireLeasesLocked(int64_t now, int64_t* event_id) {
  std::vector<db::RunRecord> runs = store_.runs().ExpiredLeases(now);
  for (const db::RunRecord& run : runs) {
    spdlog::warn("lease of run {} expired: worker {}, attempt {}, token {}", run.run_id,
                 run.lease_worker_id, run.attempt, run.lease_token.value_or(0));
    store_.attempts().End(run.lease_token.value_or(0), "lost", "lease expired", now);
    RetryOrFinishLocked(run, true,
                        "lost on attempt " + std::to_string(run.attempt) +
                            ": lease expired (worker " + run.lease_worker_id + ")",
                        std::nullopt, now, event_id);
  }
  return static_cast<int>(runs.size());
}

bool Scheduler::RetryOrFinishLocked(const db::RunRecord& run, bool retry, const std::string& error,
                                    std::optional<int> micro_batch_size, int64_t now,
                                    int64_t* event_id) {
  auto sweep = store_.sweeps().FindById(run.sweep_id);
  if (sweep && sweep->cancelled) {
    store_.runs().Finish(run.run_id, db::RunStatus::kCancelled, error, now);
    *event_id = store_.events().Append("cancelled", run.sweep_id, run.run_id, run.lease_worker_id,
                                       error, now);
    spdlog::info("run {} cancelled after {}", run.run_id, error);
    return false;
  }
  if (retry && run.attempt < run.max_attempts) {
    store_.runs().Requeue(run.run_id, error, micro_batch_size, now);
    *event_id = store_.events().Append("requeued", run.sweep_id, run.run_id, run.lease_worker_id,
                                       error, now);
    spdlog::info("retrying run {} after {}: attempt {} of {} next{}", run.run_id, error,
                 run.attempt + 1, run.max_attempts,
                 micro_batch_size ? ", micro-batch " + std::to_string(*micro_batch_size) : "");
    return true;
  }
  store_.runs().Finish(run.run_id, db::RunStatus::kFailed, error, now);
  *event_id =
      store_.events().Append("failed", run.sweep_id, run.run_id, run.lease_worker_id, error, now);
  spdlog::warn("run {} failed after {} of {} attempts: {}", run.run_id, run.attempt,
               run.max_attempts, error);
  return false;
}

}  // namespace reslab::orchestrator
