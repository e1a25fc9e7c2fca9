#include "cli/run_view.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace reslab::cli {
namespace {

v1::Run MakeRun(int64_t id, v1::RunStatus status, int64_t step, int64_t steps) {
  v1::Run run;
  run.set_run_id(id);
  run.set_sweep("s");
  run.set_config("c1");
  run.set_variant("review");
  run.set_seed(3);
  run.set_status(status);
  run.set_step(step);
  run.set_steps(steps);
  return run;
}

TEST(RunStatusNames, RoundTripEveryStatus) {
  for (v1::RunStatus status :
       {v1::RUN_STATUS_QUEUED, v1::RUN_STATUS_RUNNING, v1::RUN_STATUS_COMPLETED,
        v1::RUN_STATUS_DIVERGED, v1::RUN_STATUS_FAILED_TO_TRAIN, v1::RUN_STATUS_FAILED,
        v1::RUN_STATUS_CANCELLED}) {
    EXPECT_EQ(ParseRunStatus(RunStatusName(status)), status);
  }
  EXPECT_EQ(RunStatusName(v1::RUN_STATUS_FAILED_TO_TRAIN), "failed_to_train");
}

TEST(RunStatusNames, UnknownNameListsValidOnes) {
  try {
    ParseRunStatus("done");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("'done'"), std::string::npos) << message;
    EXPECT_NE(message.find("completed"), std::string::npos) << message;
  }
}

TEST(ProgressBar, FillsProportionallyAndClamps) {
  EXPECT_EQ(ProgressBar(0.0, 10), "[..........]   0%");
  EXPECT_EQ(ProgressBar(0.25, 4), "[#...]  25%");
  EXPECT_EQ(ProgressBar(1.0, 4), "[####] 100%");
  EXPECT_EQ(ProgressBar(7.0, 4), "[####] 100%");
  EXPECT_EQ(ProgressBar(-1.0, 4), "[....]   0%");
  EXPECT_EQ(ProgressBar(std::nan(""), 4), "[....]   0%");
}

TEST(FormatDuration, PicksUnitsBySize) {
  EXPECT_EQ(FormatDuration(42.2), "42s");
  EXPECT_EQ(FormatDuration(185), "3m05s");
  EXPECT_EQ(FormatDuration(7620), "2h07m");
  EXPECT_EQ(FormatDuration(-1), "-");
  EXPECT_EQ(FormatDuration(std::numeric_limits<double>::infinity()), "-");
}

TEST(FormatRate, UsesSiSuffixes) {
  EXPECT_EQ(FormatRate(950), "950");
  EXPECT_EQ(FormatRate(12345), "12.3k");
  EXPECT_EQ(FormatRate(4.56e6), "4.56M");
  EXPECT_EQ(FormatRate(0), "-");
}

TEST(EstimateSecondsLeft, UsesTokensPerStepOfTheConfig) {
  v1::SweepSpec spec;
  v1::ModelConfig* config = spec.add_configs();
  config->set_name("c1");
  config->set_block_size(100);
  config->set_batch_size(10);
  v1::Run run = MakeRun(1, v1::RUN_STATUS_RUNNING, 40, 100);
  run.set_tokens_per_second(3000);
  // 60 steps of 1000 tokens at 3000 tokens/s.
  EXPECT_DOUBLE_EQ(EstimateSecondsLeft(run, spec), 20.0);

  run.set_status(v1::RUN_STATUS_QUEUED);
  EXPECT_LT(EstimateSecondsLeft(run, spec), 0);
  run.set_status(v1::RUN_STATUS_RUNNING);
  run.set_config("other");
  EXPECT_LT(EstimateSecondsLeft(run, spec), 0);
}

TEST(RenderCountsLine, CountsByStatus) {
  std::vector<v1::Run> runs = {MakeRun(1, v1::RUN_STATUS_COMPLETED, 10, 10),
                               MakeRun(2, v1::RUN_STATUS_RUNNING, 5, 10),
                               MakeRun(3, v1::RUN_STATUS_COMPLETED, 10, 10)};
  EXPECT_EQ(RenderCountsLine(runs), "3 runs: 2 completed, 1 running");
}

TEST(RenderProgressTable, ShowsValidationLossOnceFinished) {
  v1::SweepSpec spec;
  v1::Run done = MakeRun(1, v1::RUN_STATUS_COMPLETED, 10, 10);
  done.set_train_loss(2.5);
  done.mutable_result()->set_status("completed");
  done.mutable_result()->set_val_loss(2.25);
  v1::Run running = MakeRun(2, v1::RUN_STATUS_RUNNING, 5, 10);
  running.set_train_loss(3.125);
  std::string table = RenderProgressTable({done, running}, spec);
  EXPECT_NE(table.find("2.2500"), std::string::npos) << table;
  EXPECT_NE(table.find("3.1250"), std::string::npos) << table;
  EXPECT_NE(table.find("[##########..........]  50%"), std::string::npos) << table;
  EXPECT_EQ(table.find("2.5000"), std::string::npos) << table;
}

TEST(RenderRunsCsv, OneLinePerRunWithHeader) {
  v1::Run run = MakeRun(7, v1::RUN_STATUS_FAILED, 3, 10);
  run.set_last_error("crashed: bad, very bad");
  std::string csv = RenderRunsCsv({run});
  EXPECT_EQ(csv.rfind("run_id,sweep,config,variant,seed,status,", 0), 0u) << csv;
  EXPECT_NE(csv.find("\n7,s,c1,review,3,failed,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"crashed: bad, very bad\""), std::string::npos) << csv;
}

TEST(RenderRunsJson, IsAnArrayOfRuns) {
  v1::Run run = MakeRun(7, v1::RUN_STATUS_COMPLETED, 10, 10);
  run.mutable_result()->set_val_loss(1.5);
  nlohmann::json parsed = nlohmann::json::parse(RenderRunsJson({run, run}));
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0]["run_id"], "7");  // int64 fields are JSON strings in proto3 JSON
  EXPECT_EQ(parsed[0]["status"], "RUN_STATUS_COMPLETED");
  EXPECT_DOUBLE_EQ(parsed[0]["result"]["val_loss"].get<double>(), 1.5);
  EXPECT_TRUE(nlohmann::json::parse(RenderRunsJson({})).empty());
}

}  // namespace
}  // namespace reslab::cli
