#include "stats/depth_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace reslab::stats {
namespace {

DepthRun MakeRun(int64_t layers, const std::string& variant, int64_t seed, const std::string& status,
             double loss, double ratio) {
  DepthRun run;
  run.n_layers = layers;
  run.variant = variant;
  run.seed = seed;
  run.status = status;
  run.val_loss = loss;
  run.first_train_loss = 5.5;
  run.last_train_loss = status == "completed" ? 2.5 : 5.5;
  run.grad_ratio_initial = ratio;
  run.grad_ratio_median = ratio * 2;
  return run;
}

std::vector<DepthRun> ConvexFailsAtSixteen() {
  return {MakeRun(4, "review", 0, "completed", 2.0, 0.8),
          MakeRun(4, "review_convex", 0, "completed", 2.1, 1e-3),
          MakeRun(16, "review", 0, "completed", 1.9, 0.7),
          MakeRun(16, "review_convex", 0, "failed_to_train", 5.4, 1e-7),
          MakeRun(32, "review", 0, "completed", 1.8, 0.6),
          MakeRun(32, "review_convex", 0, "diverged", std::numeric_limits<double>::quiet_NaN(), 1e-9)};
}

TEST(DepthTable, CellsByDepthThenVariant) {
  DepthReport report = SummariseDepth(ConvexFailsAtSixteen());
  ASSERT_EQ(report.cells.size(), 6u);
  EXPECT_EQ(report.cells[0].n_layers, 4);
  EXPECT_EQ(report.cells[0].variant, "review");
  EXPECT_EQ(report.cells[3].variant, "review_convex");
  EXPECT_EQ(report.cells[3].failed_to_train, 1);
  EXPECT_EQ(report.cells[5].diverged, 1);
  EXPECT_TRUE(std::isnan(report.cells[5].mean_val_loss));
  EXPECT_DOUBLE_EQ(report.cells[1].mean_grad_ratio_initial, 1e-3);
  EXPECT_DOUBLE_EQ(report.cells[1].mean_grad_ratio_median, 2e-3);
  EXPECT_DOUBLE_EQ(report.cells[0].mean_loss_drop, 3.0);
}

TEST(DepthTable, LimitsPerVariant) {
  DepthReport report = SummariseDepth(ConvexFailsAtSixteen());
  ASSERT_EQ(report.limits.size(), 2u);
  EXPECT_EQ(report.limits[0].variant, "review");
  EXPECT_EQ(report.limits[0].deepest_all_trained, 32);
  EXPECT_EQ(report.limits[0].shallowest_failure, 0);
  EXPECT_EQ(report.limits[1].variant, "review_convex");
  EXPECT_EQ(report.limits[1].deepest_all_trained, 4);
  EXPECT_EQ(report.limits[1].shallowest_failure, 16);
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0], "review trained at every depth (4-32 layers).");
  EXPECT_EQ(report.findings[1],
            "review_convex trained up to 4 layers and first failed to train at 16 layers "
            "(4-32 layers tested).");
}

TEST(DepthTable, MarkdownMarksFailedCells) {
  std::string markdown = RenderDepthMarkdown(SummariseDepth(ConvexFailsAtSixteen()), "depth");
  EXPECT_NE(markdown.find("| 16 | review_convex **(failed)** |"), std::string::npos);
  EXPECT_NE(markdown.find("| 4 | review |"), std::string::npos);
  EXPECT_EQ(markdown.find("| 4 | review **(failed)**"), std::string::npos);
}

TEST(DepthTable, JsonUsesNullForUndefined) {
  nlohmann::json json = DepthReportJson(SummariseDepth(ConvexFailsAtSixteen()), "depth");
  EXPECT_EQ(json["kind"], "depth");
  ASSERT_EQ(json["cells"].size(), 6u);
  EXPECT_TRUE(json["cells"][5]["mean_val_loss"].is_null());
  EXPECT_EQ(json["limits"][1]["shallowest_failure"], 16);
}

TEST(DepthTable, SkipsUnfinishedStatuses) {
  std::vector<DepthRun> runs = {MakeRun(4, "review", 0, "completed", 2.0, 0.8),
                                MakeRun(4, "review", 1, "failed", 0, 0)};
  DepthReport report = SummariseDepth(runs);
  ASSERT_EQ(report.cells.size(), 1u);
  EXPECT_EQ(report.cells[0].runs, 1);
}

}  // namespace
}  // namespace reslab::stats
