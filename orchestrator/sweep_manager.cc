#include "orchestrator/sweep_manager.h"

#include <spdlog/spdlog.h>

#include "orchestrator/errors.h"
#include "orchestrator/proto_convert.h"
#include "orchestrator/sweep_expansion.h"
#include "orchestrator/sweep_json.h"
#include "orchestrator/sweep_validation.h"

namespace reslab::orchestrator {
namespace {

// Upper bound on events returned by one NextEvents call, so a slow stream reads in chunks.
constexpr int kMaxEventsPerBatch = 1000;

v1::RunEvent MakeEvent(const std::string& kind, const db::RunRecord& run, int64_t unix_ms) {
  v1::RunEvent event;
  event.set_kind(kind);
  *event.mutable_run() = ToProto(run);
  event.set_unix_ms(unix_ms);
  return event;
}

}  // namespace

SweepManager::SweepManager(db::Store& store, EventNotifier& notifier, int64_t max_runs)
    : store_(store), notifier_(notifier), max_runs_(max_runs) {}

v1::SubmitSweepResponse SweepManager::Submit(const v1::SweepSpec& input) {
  v1::SweepSpec spec = ValidateAndFillSweep(input, max_runs_);
  std::vector<db::NewRun> runs = ExpandSweep(spec);
  std::string spec_json = SweepToJson(spec);

  std::lock_guard<std::mutex> lock(store_.mutex());
  v1::SubmitSweepResponse response;
  int64_t event_id = 0;
  auto existing = store_.sweeps().FindByName(spec.name());
  if (existing) {
    if (existing->spec_json != spec_json) {
      spdlog::warn("rejected sweep {}: the name is taken by a different spec", spec.name());
      throw AlreadyExists("name: sweep '" + spec.name() +
                          "' already exists with a different spec; choose another name");
    }
    *response.mutable_sweep() =
        ToProto(*existing, spec, store_.runs().CountByStatus(existing->sweep_id));
    response.set_created(false);
    spdlog::info("sweep {} resubmitted with an identical spec; nothing changed", spec.name());
    return response;
  }

  int64_t now = db::NowUnixMs();
  db::SweepRecord record;
  record.name = spec.name();
  record.description = spec.description();
  record.spec_json = spec_json;
  record.priority = spec.priority();
  record.created_unix_ms = now;
  store_.db().Transaction([&] {
    record.sweep_id = store_.sweeps().Insert(record);
    store_.runs().InsertRuns(record.sweep_id, runs, now);
    event_id = store_.events().Append("submitted", record.sweep_id, std::nullopt, "",
                                      std::to_string(runs.size()) + " runs", now);
  });
  notifier_.Publish(event_id);
  *response.mutable_sweep() = ToProto(record, spec, store_.runs().CountByStatus(record.sweep_id));
  response.set_created(true);
  spdlog::info("sweep {} submitted: id {}, {} runs, priority {}", record.name, record.sweep_id,
               runs.size(), record.priority);
  return response;
}

db::SweepRecord SweepManager::FindSweepLocked(const std::string& name) {
  auto sweep = store_.sweeps().FindByName(name);
  if (!sweep) throw NotFound("sweep '" + name + "' not found");
  return *sweep;
}

bool SweepManager::FinishedLocked(int64_t sweep_id) {
  db::StatusCounts counts = store_.runs().CountByStatus(sweep_id);
  return counts.count(db::RunStatus::kQueued) == 0 && counts.count(db::RunStatus::kRunning) == 0;
}

v1::Sweep SweepManager::Get(const std::string& name) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  db::SweepRecord sweep = FindSweepLocked(name);
  return ToProto(sweep, specs_.Get(store_.sweeps(), sweep.sweep_id),
                 store_.runs().CountByStatus(sweep.sweep_id));
}

std::vector<v1::Sweep> SweepManager::List() {
  std::lock_guard<std::mutex> lock(store_.mutex());
  std::vector<v1::Sweep> sweeps;
  for (const db::SweepRecord& sweep : store_.sweeps().List()) {
    sweeps.push_back(ToProto(sweep, specs_.Get(store_.sweeps(), sweep.sweep_id),
                             store_.runs().CountByStatus(sweep.sweep_id)));
  }
  return sweeps;
}

v1::CancelSweepResponse SweepManager::Cancel(const std::string& name) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  db::SweepRecord sweep = FindSweepLocked(name);
  int64_t now = db::NowUnixMs();
  int64_t event_id = 0;
  v1::CancelSweepResponse response;
  store_.db().Transaction([&] {
    db::RunFilter queued;
    queued.sweep_id = sweep.sweep_id;
    queued.status = db::RunStatus::kQueued;
    std::vector<db::RunRecord> runs = store_.runs().List(queued);
    store_.sweeps().SetCancelled(sweep.sweep_id, true);
    store_.runs().CancelQueued(sweep.sweep_id, now);
    for (const db::RunRecord& run : runs) {
      event_id = store_.events().Append("cancelled", sweep.sweep_id, run.run_id, "",
                                        "sweep cancelled while queued", now);
    }
    response.set_cancelled_runs(static_cast<int>(runs.size()));
    db::StatusCounts counts = store_.runs().CountByStatus(sweep.sweep_id);
    auto running = counts.find(db::RunStatus::kRunning);
    response.set_running_runs(running == counts.end() ? 0 : running->second);
  });
  notifier_.Publish(event_id);
  spdlog::info(
      "sweep {} cancelled: {} queued runs cancelled, {} running runs stop at their "
      "next heartbeat",
      name, response.cancelled_runs(), response.running_runs());
  return response;
}

v1::RequeueFailedResponse SweepManager::RequeueFailed(const std::string& name) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  db::SweepRecord sweep = FindSweepLocked(name);
  const v1::SweepSpec& spec = specs_.Get(store_.sweeps(), sweep.sweep_id);
  int64_t now = db::NowUnixMs();
  int64_t event_id = 0;
  v1::RequeueFailedResponse response;
  store_.db().Transaction([&] {
    std::vector<db::RunRecord> runs;
    for (db::RunStatus status : {db::RunStatus::kFailed, db::RunStatus::kCancelled}) {
      db::RunFilter filter;
      filter.sweep_id = sweep.sweep_id;
      filter.status = status;
      for (auto& run : store_.runs().List(filter)) runs.push_back(std::move(run));
    }
    store_.sweeps().SetCancelled(sweep.sweep_id, false);
    store_.runs().RequeueFailed(sweep.sweep_id, spec.max_attempts(), now);
    for (const db::RunRecord& run : runs) {
      event_id = store_.events().Append("requeued", sweep.sweep_id, run.run_id, "",
                                        "requeued from " + db::RunStatusName(run.status), now);
    }
    response.set_requeued_runs(static_cast<int>(runs.size()));
  });
  notifier_.Publish(event_id);
  spdlog::info("sweep {}: requeued {} failed or cancelled runs", name, response.requeued_runs());
  return response;
}

v1::ListRunsResponse SweepManager::ListRuns(const v1::ListRunsRequest& request) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  db::RunFilter filter;
  if (!request.sweep().empty()) filter.sweep_id = FindSweepLocked(request.sweep()).sweep_id;
  filter.status = FromProto(request.status());
  filter.config = request.config();
  filter.variant = request.variant();
  v1::ListRunsResponse response;
  for (const db::RunRecord& run : store_.runs().List(filter)) *response.add_runs() = ToProto(run);
  return response;
}

v1::GetRunResponse SweepManager::GetRun(int64_t run_id) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  auto run = store_.runs().Get(run_id);
  if (!run) throw NotFound("run " + std::to_string(run_id) + " not found");
  v1::GetRunResponse response;
  *response.mutable_run() = ToProto(*run);
  for (const db::MetricRow& metric : store_.metrics().ForRun(run_id)) {
    *response.add_metrics() = ToProto(metric);
  }
  return response;
}

SweepManager::WatchBatch SweepManager::Snapshot(const std::string& name) {
  std::lock_guard<std::mutex> lock(store_.mutex());
  db::SweepRecord sweep = FindSweepLocked(name);
  WatchBatch batch;
  batch.sweep_id = sweep.sweep_id;
  // Reading the last id and the runs under one lock means no event is missed or repeated.
  batch.last_event_id = store_.events().LastEventId();
  db::RunFilter filter;
  filter.sweep_id = sweep.sweep_id;
  int64_t now = db::NowUnixMs();
  for (const db::RunRecord& run : store_.runs().List(filter)) {
    batch.events.push_back(MakeEvent("snapshot", run, now));
  }
  batch.finished = FinishedLocked(sweep.sweep_id);
  return batch;
}

SweepManager::WatchBatch SweepManager::NextEvents(int64_t sweep_id, int64_t after_event_id,
                                                  std::chrono::milliseconds max_wait) {
  notifier_.WaitForNewer(after_event_id, max_wait);
  std::lock_guard<std::mutex> lock(store_.mutex());
  WatchBatch batch;
  batch.sweep_id = sweep_id;
  batch.last_event_id = after_event_id;
  for (const db::EventRecord& event :
       store_.events().ForSweepSince(sweep_id, after_event_id, kMaxEventsPerBatch)) {
    batch.last_event_id = event.event_id;
    if (!event.run_id) continue;
    auto run = store_.runs().Get(*event.run_id);
    if (!run) continue;
    batch.events.push_back(MakeEvent(event.kind, *run, event.unix_ms));
  }
  batch.finished = FinishedLocked(sweep_id);
  return batch;
}

}  // namespace reslab::orchestrator
