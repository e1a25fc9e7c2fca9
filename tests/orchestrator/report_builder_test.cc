#include "orchestrator/report_builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <tuple>

#include "db/database.h"
#include "db/results_store.h"
#include "orchestrator/errors.h"

namespace reslab::orchestrator {
namespace {

namespace fs = std::filesystem;

class ReportBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("reslab-report-builder-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    fs::remove(path_);
    db_ = std::make_unique<db::Database>(db::Database::Open(path_));
    db::ResultsStore store(*db_);
    // Two configs, three variants, three seeds; the loss varies with the seed.
    std::string csv = "config,variant,seed,params,val_loss\n";
    const double kSeedShift[] = {0.0, 0.013, -0.007};
    for (const auto& [config, params, loss] : {std::tuple{"a", 1e6, 3.0}, {"b", 1e8, 2.5}}) {
      for (int seed = 0; seed < 3; ++seed) {
        int variant_index = 0;
        for (const char* variant : {"review", "highway", "standard"}) {
          double value = loss + 0.02 * variant_index + kSeedShift[seed] * (1 + variant_index);
          csv += std::string(config) + "," + variant + "," + std::to_string(seed) + "," +
                 std::to_string(params * (1 + 0.1 * variant_index)) + "," +
                 std::to_string(value) + "\n";
          ++variant_index;
        }
      }
    }
    ASSERT_EQ(store.Import("grid", csv).outcome, db::ImportOutcome::kCreated);
  }

  void TearDown() override {
    db_.reset();
    fs::remove(path_);
  }

  void SetSpec(const std::string& spec_json) {
    db_->Prepare("UPDATE sweeps SET spec_json = ? WHERE name = 'grid'").Bind(1, spec_json).Run();
  }

  std::string path_;
  std::unique_ptr<db::Database> db_;
};

TEST_F(ReportBuilderTest, DefaultsToReviewAndOtherVariants) {
  ReportRequest request;
  request.sweep = "grid";
  BuiltReport report = BuildReport(*db_, request);
  EXPECT_EQ(report.analysis.options.treatment, "review");
  EXPECT_EQ(report.analysis.baselines.size(), 2u);
  EXPECT_EQ(report.format, "md");
  EXPECT_EQ(report.json["sweep"], "grid");
  EXPECT_EQ(report.json["comparisons"].size(), 4u);
}

TEST_F(ReportBuilderTest, SpecTreatmentAndBaselinesAreDefaults) {
  SetSpec(R"({"name": "grid", "treatment": "highway", "baselines": ["standard"]})");
  ReportRequest request;
  request.sweep = "grid";
  BuiltReport report = BuildReport(*db_, request);
  EXPECT_EQ(report.analysis.options.treatment, "highway");
  ASSERT_EQ(report.analysis.baselines.size(), 1u);
  EXPECT_EQ(report.analysis.baselines[0].baseline, "standard");

  request.treatment = "review";
  request.baselines = {"highway"};
  report = BuildReport(*db_, request);
  EXPECT_EQ(report.analysis.options.treatment, "review");
  ASSERT_EQ(report.analysis.baselines.size(), 1u);
  EXPECT_EQ(report.analysis.baselines[0].baseline, "highway");
}

TEST_F(ReportBuilderTest, RejectsBadRequests) {
  ReportRequest request;
  request.sweep = "missing";
  try {
    BuildReport(*db_, request);
    ADD_FAILURE() << "unknown sweep accepted";
  } catch (const OrchestratorError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
  }

  request.sweep = "grid";
  for (auto change : {+[](ReportRequest& r) { r.alpha = 1.5; },
                      +[](ReportRequest& r) { r.correction = "bonferroni"; },
                      +[](ReportRequest& r) { r.format = "html"; },
                      +[](ReportRequest& r) { r.treatment = "rezero"; }}) {
    ReportRequest bad = request;
    change(bad);
    try {
      BuildReport(*db_, bad);
      ADD_FAILURE() << "bad request accepted";
    } catch (const OrchestratorError& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument) << error.what();
    }
  }
}

}  // namespace
}  // namespace reslab::orchestrator
