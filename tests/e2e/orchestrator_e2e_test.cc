// End to end: the real `reslab serve`, `reslab` and `reslab-worker` binaries on 127.0.0.1,
// training tiny byte-level models on two State of the Union addresses. Every wait is bounded.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/e2e/lab.h"

namespace reslab::e2e {
namespace {

// Generous bounds: the machine may be shared, and a bound only guards against a hang.
constexpr seconds kSweepTimeout(300);
constexpr seconds kExitTimeout(60);

// A one-run sweep (tiny16, standard, seed 1) long enough to be interrupted mid-run.
nlohmann::json OneRunSweep(const Lab& lab, const std::string& name, int steps) {
  nlohmann::json spec = lab.MicroSweep(name, steps, {1});
  spec["configs"].erase(1);
  spec["variants"] = {"standard"};
  spec["checkpoint_every"] = 100;
  return spec;
}

int64_t RunCount(const Lab& lab, const std::string& where) {
  return QueryInt(lab.db_path(), "SELECT count(*) FROM runs WHERE " + where);
}

// Waits until the single run of the database has reported at least `step` by heartbeat.
bool WaitForStep(const Lab& lab, int64_t step) {
  return WaitUntil(
      [&] {
        return std::filesystem::exists(lab.db_path()) &&
               RunCount(lab, "status = 'running' AND step >= " + std::to_string(step)) > 0;
      },
      kSweepTimeout);
}

// Checks that every run stored one train_loss row for each logged step: `steps / log_every`
// rows with distinct steps from log_every to steps.
void ExpectCompleteLossCurves(const Lab& lab, int64_t runs, int64_t steps, int64_t log_every) {
  auto rows = QueryRows(lab.db_path(),
                        "SELECT run_id, count(*), count(DISTINCT step), min(step), max(step) "
                        "FROM metrics WHERE name = 'train_loss' GROUP BY run_id");
  ASSERT_EQ(static_cast<int64_t>(rows.size()), runs);
  for (const auto& row : rows) {
    SCOPED_TRACE("run " + row[0]);
    EXPECT_EQ(std::stoll(row[1]), steps / log_every);
    EXPECT_EQ(std::stoll(row[2]), steps / log_every);
    EXPECT_EQ(std::stoll(row[3]), log_every);
    EXPECT_EQ(std::stoll(row[4]), steps);
  }
}

TEST(EndToEnd, MicroSweepCompletesEveryRunOnce) {
  Lab lab;
  lab.StartServe(/*lease_ttl_seconds=*/30, /*heartbeat_seconds=*/0.5);
  std::string output;
  ASSERT_EQ(lab.Submit(lab.MicroSweep("micro", 20), &output), 0) << output;
  EXPECT_NE(output.find("8 runs queued"), std::string::npos) << output;
  ASSERT_EQ(lab.Submit(lab.MicroSweep("micro", 20), &output), 0) << output;
  EXPECT_NE(output.find("already submitted"), std::string::npos) << output;

  ChildProcess& watch = lab.StartReslab({"status", "micro", "--watch"}, "watch");
  ChildProcess& worker_a = lab.StartWorker("a", /*exit_when_idle_seconds=*/3);
  ChildProcess& worker_b = lab.StartWorker("b", /*exit_when_idle_seconds=*/3);
  EXPECT_EQ(worker_a.Wait(kSweepTimeout), 0);
  EXPECT_EQ(worker_b.Wait(kSweepTimeout), 0);
  EXPECT_EQ(watch.Wait(kExitTimeout), 0);
  EXPECT_NE(watch.Log().find("8 runs: 8 completed"), std::string::npos) << watch.Log();

  EXPECT_EQ(RunCount(lab, "1"), 8);
  EXPECT_EQ(RunCount(lab, "status = 'completed'"), 8);
  EXPECT_EQ(RunCount(lab, "attempt = 1"), 8);
  EXPECT_EQ(RunCount(lab, "val_loss IS NOT NULL AND ece IS NOT NULL AND final_steps = 20"), 8);
  EXPECT_EQ(RunCount(lab, "result_json IS NOT NULL"), 8);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(*) FROM attempts"), 8);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(DISTINCT run_id) FROM attempts"), 8);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(*) FROM workers"), 2);
  ExpectCompleteLossCurves(lab, 8, 20, 2);

  // The client commands against the finished sweep.
  ASSERT_EQ(lab.Reslab({"status", "micro"}, &output), 0) << output;
  EXPECT_NE(output.find("8 runs: 8 completed"), std::string::npos) << output;
  ASSERT_EQ(lab.Reslab({"status"}, &output), 0) << output;
  EXPECT_NE(output.find("micro"), std::string::npos) << output;

  ASSERT_EQ(lab.Reslab({"runs", "micro", "--format", "csv"}, &output), 0) << output;
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 9) << output;
  ASSERT_EQ(lab.Reslab({"runs", "micro", "--format", "json", "--config", "tiny16", "--status",
                        "completed"},
                       &output),
            0)
      << output;
  nlohmann::json runs = nlohmann::json::parse(output);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0]["config"], "tiny16");
  EXPECT_EQ(runs[0]["status"], "RUN_STATUS_COMPLETED");

  EXPECT_EQ(lab.Reslab({"runs", "micro", "--status", "finished"}, &output), 2) << output;
  EXPECT_NE(output.find("'finished'"), std::string::npos) << output;
  EXPECT_EQ(lab.Reslab({"runs", "no-such-sweep"}, &output), 3) << output;
  EXPECT_EQ(lab.Reslab({"cancel", "no-such-sweep"}, &output), 3) << output;
}

TEST(EndToEnd, SubmitRejectsMisspeltField) {
  Lab lab;
  lab.StartServe(30, 0.5);
  nlohmann::json spec = lab.MicroSweep("typo", 20);
  spec["configs"][0]["d_modle"] = 16;
  std::string output;
  EXPECT_EQ(lab.Submit(spec, &output), 2);
  EXPECT_NE(output.find("d_modle"), std::string::npos) << output;

  nlohmann::json odd = lab.MicroSweep("odd", 20);
  odd["configs"][0]["n_heads"] = 3;
  EXPECT_EQ(lab.Submit(odd, &output), 2);
  EXPECT_NE(output.find("n_heads"), std::string::npos) << output;
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(*) FROM sweeps"), 0);
}

TEST(EndToEnd, KilledWorkerRunCompletesElsewhere) {
  Lab lab;
  lab.StartServe(/*lease_ttl_seconds=*/3, /*heartbeat_seconds=*/0.3);
  std::string output;
  ASSERT_EQ(lab.Submit(OneRunSweep(lab, "kill9", 1500), &output), 0) << output;

  ChildProcess& doomed = lab.StartWorker("doomed", 60);
  ASSERT_TRUE(WaitForStep(lab, 2));
  doomed.Signal(SIGKILL);
  ASSERT_TRUE(doomed.Wait(kExitTimeout).has_value());

  ChildProcess& rescuer = lab.StartWorker("rescuer", 3);
  EXPECT_EQ(rescuer.Wait(kSweepTimeout), 0);

  EXPECT_EQ(RunCount(lab, "status = 'completed' AND attempt = 2 AND val_loss IS NOT NULL"), 1);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(*) FROM attempts"), 2);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(DISTINCT worker_id) FROM attempts"), 2);
  EXPECT_EQ(QueryInt(lab.db_path(),
                     "SELECT count(*) FROM attempts WHERE attempt = 1 AND outcome = 'lost'"),
            1);
  // Rows logged after the last heartbeat of the killed worker may be missing, so only the end
  // of the curve is checked.
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT max(step) FROM metrics WHERE name = 'train_loss'"),
            1500);
}

TEST(EndToEnd, OrchestratorKilledMidSweepRecovers) {
  Lab lab;
  ChildProcess* serve = &lab.StartServe(/*lease_ttl_seconds=*/10, /*heartbeat_seconds=*/0.3);
  std::string output;
  ASSERT_EQ(lab.Submit(lab.MicroSweep("restart", 200), &output), 0) << output;

  ChildProcess& worker_a = lab.StartWorker("a", 20);
  ChildProcess& worker_b = lab.StartWorker("b", 20);
  ASSERT_TRUE(WaitUntil(
      [&] {
        return RunCount(lab, "status = 'completed'") >= 1 &&
               RunCount(lab, "status = 'running'") >= 1;
      },
      kSweepTimeout));
  serve->Signal(SIGKILL);
  ASSERT_TRUE(serve->Wait(kExitTimeout).has_value());
  std::this_thread::sleep_for(seconds(1));
  serve = &lab.StartServe(10, 0.3);

  EXPECT_EQ(worker_a.Wait(kSweepTimeout), 0);
  EXPECT_EQ(worker_b.Wait(kSweepTimeout), 0);
  EXPECT_EQ(RunCount(lab, "1"), 8);
  EXPECT_EQ(RunCount(lab, "status = 'completed' AND val_loss IS NOT NULL"), 8);
  EXPECT_EQ(QueryInt(lab.db_path(), "SELECT count(*) FROM attempts WHERE outcome = 'completed'"),
            8);
  EXPECT_EQ(QueryInt(lab.db_path(),
                     "SELECT count(DISTINCT run_id) FROM attempts WHERE outcome = 'completed'"),
            8);
  ExpectCompleteLossCurves(lab, 8, 200, 2);
  auto integrity = QueryRows(lab.db_path(), "PRAGMA integrity_check");
  ASSERT_EQ(integrity.size(), 1u);
  EXPECT_EQ(integrity[0][0], "ok");
}

TEST(EndToEnd, SigtermedWorkerResumesFromCheckpoint) {
  Lab lab;
  lab.StartServe(/*lease_ttl_seconds=*/30, /*heartbeat_seconds=*/0.3);
  nlohmann::json spec = OneRunSweep(lab, "preempt", 1500);
  // Only the SIGTERM handler writes a checkpoint, so a resume can only start from it.
  spec["checkpoint_every"] = 100000;
  std::string output;
  ASSERT_EQ(lab.Submit(spec, &output), 0) << output;
  int64_t run_id = QueryInt(lab.db_path(), "SELECT run_id FROM runs");

  ChildProcess& first = lab.StartWorker("first", 60);
  ASSERT_TRUE(WaitForStep(lab, 2));
  first.Signal(SIGTERM);
  EXPECT_EQ(first.Wait(kExitTimeout), 130);
  EXPECT_EQ(RunCount(lab, "status = 'queued' AND attempt = 1"), 1);
  EXPECT_EQ(QueryInt(lab.db_path(),
                     "SELECT count(*) FROM attempts WHERE attempt = 1 AND outcome = 'preempted'"),
            1);
  std::filesystem::path checkpoint =
      std::filesystem::path(lab.checkpoint_root()) / "preempt" / std::to_string(run_id);
  ASSERT_TRUE(std::filesystem::exists(checkpoint));
  EXPECT_FALSE(std::filesystem::is_empty(checkpoint));

  ChildProcess& second = lab.StartWorker("second", 3);
  EXPECT_EQ(second.Wait(kSweepTimeout), 0);
  EXPECT_EQ(RunCount(lab, "status = 'completed' AND attempt = 2"), 1);
  EXPECT_NE(second.Log().find("resumed at step"), std::string::npos) << second.Log();
  EXPECT_GT(
      QueryInt(lab.db_path(), "SELECT json_extract(result_json, '$.resumed_from_step') FROM runs"),
      0);
  ExpectCompleteLossCurves(lab, 1, 1500, 2);
}

TEST(EndToEnd, WorkerKeepsMetricsThroughOutage) {
  Lab lab;
  ChildProcess* serve = &lab.StartServe(/*lease_ttl_seconds=*/30, /*heartbeat_seconds=*/0.3);
  std::string output;
  ASSERT_EQ(lab.Submit(OneRunSweep(lab, "outage", 1500), &output), 0) << output;

  ChildProcess& worker = lab.StartWorker("steady", 30);
  ASSERT_TRUE(WaitForStep(lab, 2));
  serve->Signal(SIGKILL);
  ASSERT_TRUE(serve->Wait(kExitTimeout).has_value());
  std::this_thread::sleep_for(seconds(3));
  serve = &lab.StartServe(30, 0.3);

  EXPECT_EQ(worker.Wait(kSweepTimeout), 0);
  EXPECT_EQ(RunCount(lab, "status = 'completed' AND attempt = 1"), 1);
  EXPECT_NE(worker.Log().find("heartbeat"), std::string::npos) << worker.Log();
  ExpectCompleteLossCurves(lab, 1, 1500, 2);
}

}  // namespace
}  // namespace reslab::e2e
