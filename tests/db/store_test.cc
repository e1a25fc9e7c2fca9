#include "db/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

namespace reslab::db {
namespace {

std::string FreshDbPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "reslab-store-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  return path.string();
}

int64_t AddSweep(Store& store, const std::string& name, int priority,
                 const std::vector<int64_t>& params) {
  SweepRecord sweep;
  sweep.name = name;
  sweep.spec_json = "{}";
  sweep.priority = priority;
  sweep.created_unix_ms = 1;
  int64_t sweep_id = store.sweeps().Insert(sweep);
  std::vector<NewRun> runs;
  for (size_t i = 0; i < params.size(); ++i) {
    NewRun run;
    run.config = "c" + std::to_string(i);
    run.variant = "standard";
    run.params = params[i];
    run.d_model = 16;
    run.steps = 10;
    runs.push_back(run);
  }
  store.runs().InsertRuns(sweep_id, runs, 1);
  return sweep_id;
}

TEST(MetricStore, RepeatedStepAndNameReplacesValue) {
  Store store(FreshDbPath("metrics"));
  int64_t sweep_id = AddSweep(store, "s", 0, {100});
  int64_t run_id = store.runs().List(RunFilter{sweep_id, {}, "", ""}).at(0).run_id;

  store.metrics().Upsert(run_id, {{1, "train_loss", 5.0}, {2, "train_loss", 4.0}});
  store.metrics().Upsert(run_id, {{2, "train_loss", 3.5}, {2, "lr", NAN}});
  std::vector<MetricRow> rows = store.metrics().ForRun(run_id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].name, "lr");
  EXPECT_TRUE(std::isnan(rows[0].value));
  EXPECT_EQ(rows[1].step, 1);
  EXPECT_DOUBLE_EQ(rows[1].value, 5.0);
  EXPECT_EQ(rows[2].step, 2);
  EXPECT_DOUBLE_EQ(rows[2].value, 3.5);
}

TEST(RunStore, NextQueuedByPriorityThenParams) {
  Store store(FreshDbPath("order"));
  int64_t low = AddSweep(store, "low", 0, {10, 20});
  int64_t high = AddSweep(store, "high", 3, {300, 200});
  std::vector<std::pair<int64_t, int64_t>> order;  // (sweep_id, params)
  for (int i = 0; i < 4; ++i) {
    auto run_id = store.runs().NextQueued();
    ASSERT_TRUE(run_id.has_value());
    RunRecord run = *store.runs().Get(*run_id);
    order.emplace_back(run.sweep_id, *run.params);
    store.runs().MarkLeased(*run_id, 1, store.runs().NextFencingToken(), "w", 100, 1);
  }
  EXPECT_FALSE(store.runs().NextQueued().has_value());
  std::vector<std::pair<int64_t, int64_t>> expected = {
      {high, 200}, {high, 300}, {low, 10}, {low, 20}};
  EXPECT_EQ(order, expected);
}

TEST(RunStore, NextQueuedSkipsCancelledTakesRequeued) {
  Store store(FreshDbPath("requeue-order"));
  int64_t low = AddSweep(store, "low", 0, {50, 50});
  int64_t high = AddSweep(store, "high", 2, {10});
  std::vector<RunRecord> low_runs = store.runs().List(RunFilter{low, {}, "", ""});
  ASSERT_EQ(low_runs.size(), 2u);

  store.runs().CancelQueued(high, 2);
  auto first = store.runs().NextQueued();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, low_runs[0].run_id);  // equal params: lower run_id first

  store.runs().MarkLeased(*first, 1, store.runs().NextFencingToken(), "w", 100, 3);
  auto second = store.runs().NextQueued();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*second, low_runs[1].run_id);

  store.runs().Requeue(*first, "lost", std::nullopt, 4);
  auto after_requeue = store.runs().NextQueued();
  ASSERT_TRUE(after_requeue.has_value());
  EXPECT_EQ(*after_requeue, low_runs[0].run_id);
}

TEST(RunStore, FencingTokensIncreaseAcrossReopen) {
  std::string path = FreshDbPath("tokens");
  int64_t last = 0;
  {
    Store store(path);
    for (int i = 0; i < 3; ++i) {
      int64_t token = store.runs().NextFencingToken();
      EXPECT_GT(token, last);
      last = token;
    }
  }
  Store store(path);
  EXPECT_GT(store.runs().NextFencingToken(), last);
}

TEST(RunStore, MarkLeasedRejectsRunNotQueued) {
  Store store(FreshDbPath("double-lease"));
  int64_t sweep_id = AddSweep(store, "s", 0, {100});
  int64_t run_id = store.runs().List(RunFilter{sweep_id, {}, "", ""}).at(0).run_id;
  store.runs().MarkLeased(run_id, 1, 1, "a", 100, 1);
  EXPECT_THROW(store.runs().MarkLeased(run_id, 1, 2, "b", 100, 1), Error);
  EXPECT_EQ(store.runs().Get(run_id)->lease_worker_id, "a");
}

TEST(RunStore, ListFiltersByStatusConfigVariant) {
  Store store(FreshDbPath("filter"));
  int64_t sweep_id = AddSweep(store, "s", 0, {1, 2, 3});
  int64_t first = store.runs().List(RunFilter{sweep_id, {}, "", ""}).at(0).run_id;
  store.runs().Finish(first, RunStatus::kCancelled, "stop", 2);

  EXPECT_EQ(store.runs().List(RunFilter{sweep_id, RunStatus::kQueued, "", ""}).size(), 2u);
  EXPECT_EQ(store.runs().List(RunFilter{sweep_id, RunStatus::kCancelled, "", ""}).size(), 1u);
  EXPECT_EQ(store.runs().List(RunFilter{sweep_id, {}, "c2", "standard"}).size(), 1u);
  EXPECT_EQ(store.runs().List(RunFilter{sweep_id, {}, "", "review"}).size(), 0u);
  StatusCounts counts = store.runs().CountByStatus(sweep_id);
  EXPECT_EQ(counts[RunStatus::kQueued], 2);
  EXPECT_EQ(counts[RunStatus::kCancelled], 1);
}

TEST(WorkerStore, RegisterGivesUniqueIds) {
  Store store(FreshDbPath("workers"));
  WorkerRecord worker;
  worker.hostname = "node";
  worker.pid = 7;
  std::string a = store.workers().Register(worker, 1).worker_id;
  std::string b = store.workers().Register(worker, 2).worker_id;
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("node-7-", 0), 0u);
  EXPECT_TRUE(store.workers().Touch(b, 3));
  EXPECT_FALSE(store.workers().Touch("unknown", 3));
  EXPECT_EQ(store.workers().Get(b)->last_seen_unix_ms, 3);
}

TEST(EventLog, ReadsSweepEventsAfterId) {
  Store store(FreshDbPath("events"));
  int64_t sweep_id = AddSweep(store, "s", 0, {1});
  int64_t first = store.events().Append("submitted", sweep_id, std::nullopt, "", "", 1);
  store.events().Append("other", sweep_id + 1, std::nullopt, "", "", 2);
  int64_t third = store.events().Append("leased", sweep_id, 1, "w", "attempt 1", 3);
  std::vector<EventRecord> events = store.events().ForSweepSince(sweep_id, first, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_id, third);
  EXPECT_EQ(events[0].kind, "leased");
  EXPECT_EQ(events[0].worker_id, "w");
  EXPECT_EQ(store.events().LastEventId(), third);
}

}  // namespace
}  // namespace reslab::db
