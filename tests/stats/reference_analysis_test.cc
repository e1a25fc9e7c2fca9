// The sweep analysis on the published per-run table (review-residuals-scaling_v8.csv): its
// unpaired Welch t values must round to the published ones, and every per-config statistic must
// match the SciPy values that generate.py computed from the same file.
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "stats/analysis.h"
#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

const char kReferenceCsv[] =
    RESLAB_SOURCE_DIR "/../shared/reference/review-residuals-scaling_v8.csv";

// Reads size, variant, seed, params_M and val_loss; review_neutral is the treatment, review.
std::vector<RunRow> ReadReferenceRows() {
  std::ifstream in(kReferenceCsv);
  EXPECT_TRUE(in) << "cannot open " << kReferenceCsv;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "size,variant,seed,params_M,steps,val_loss,ece,minutes");
  std::vector<RunRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    EXPECT_EQ(fields.size(), 8u) << line;
    if (fields.size() != 8) continue;
    RunRow row;
    row.config = fields[0];
    row.variant = fields[1] == "review_neutral" ? "review" : fields[1];
    row.seed = std::stoll(fields[2]);
    row.params = std::stod(fields[3]) * 1e6;
    row.loss = std::stod(fields[5]);
    rows.push_back(row);
  }
  return rows;
}

const Comparison* FindComparison(const Analysis& analysis, const std::string& config,
                                 const std::string& baseline) {
  for (const Comparison& comparison : analysis.comparisons) {
    if (comparison.config == config && comparison.baseline == baseline) return &comparison;
  }
  return nullptr;
}

double OneDecimal(double value) { return std::round(value * 10) / 10; }

TEST(ReferenceAnalysis, WelchReproducesPublishedT) {
  Analysis analysis = AnalyzeSweep(ReadReferenceRows());
  struct Published {
    const char* config;
    const char* baseline;
    double t;
  };
  for (const Published& published : {Published{"590M", "highway", 3.3},
                                     Published{"590M", "standard", 3.7},
                                     Published{"1B", "highway", 2.3},
                                     Published{"1B", "standard", 2.4}}) {
    SCOPED_TRACE(std::string(published.config) + " against " + published.baseline);
    const Comparison* comparison = FindComparison(analysis, published.config, published.baseline);
    ASSERT_NE(comparison, nullptr);
    ASSERT_TRUE(comparison->welch.defined) << comparison->welch.reason;
    EXPECT_DOUBLE_EQ(OneDecimal(comparison->welch.t), published.t);
  }
}

TEST(ReferenceAnalysis, ConfigsOrderedByTreatmentParams) {
  Analysis analysis = AnalyzeSweep(ReadReferenceRows());
  std::vector<std::string> order;
  for (const ConfigSummary& config : analysis.configs) order.push_back(config.config);
  EXPECT_EQ(order, (std::vector<std::string>{"60M", "150M", "320M", "590M", "1B"}));
  EXPECT_DOUBLE_EQ(analysis.configs.back().params, 984.04e6);
  ASSERT_EQ(analysis.configs.back().variants.size(), 3u);
  EXPECT_EQ(analysis.configs.back().variants[0].variant, "review");
  EXPECT_EQ(analysis.configs.back().variants[0].loss.n, 3);
  // The variants' parameter counts differ, and a note names the one used.
  ASSERT_FALSE(analysis.notes.empty());
  EXPECT_NE(analysis.notes.front().find("review parameter count"), std::string::npos);
}

TEST(ReferenceAnalysis, ComparisonsMatchScipy) {
  nlohmann::json vectors = LoadVectors("reference.json");
  AnalysisOptions holm;
  AnalysisOptions bh;
  bh.correction = Correction::kBenjaminiHochberg;
  std::vector<RunRow> rows = ReadReferenceRows();
  Analysis with_holm = AnalyzeSweep(rows, holm);
  Analysis with_bh = AnalyzeSweep(rows, bh);
  ASSERT_EQ(with_holm.comparisons.size(), vectors["cases"].size());

  for (const nlohmann::json& expected : vectors["cases"]) {
    std::string config = expected["config"];
    std::string baseline = expected["baseline"];
    SCOPED_TRACE(config + " against " + baseline);
    const Comparison* comparison = FindComparison(with_holm, config, baseline);
    ASSERT_NE(comparison, nullptr);

    EXPECT_EQ(comparison->n_pairs, static_cast<int>(expected["seeds"].size()));
    EXPECT_TRUE(RelativelyNear(comparison->mean_gap, expected["mean_gap"]));
    EXPECT_TRUE(RelativelyNear(comparison->params, expected["params"]));
    EXPECT_TRUE(RelativelyNear(comparison->welch.t, expected["welch_t"]));
    EXPECT_TRUE(RelativelyNear(comparison->welch.p, expected["welch_p"]));
    EXPECT_TRUE(RelativelyNear(comparison->wilcoxon.p, expected["wilcoxon_p"]));
    ASSERT_TRUE(comparison->paired.defined) << comparison->paired.reason;
    EXPECT_TRUE(RelativelyNear(comparison->paired.t, expected["paired_t"]));
    EXPECT_TRUE(RelativelyNear(comparison->paired.df, expected["paired_df"]));
    EXPECT_TRUE(RelativelyNear(comparison->paired.p, expected["paired_p"]));
    EXPECT_TRUE(RelativelyNear(comparison->paired.ci_low, expected["ci_low"]));
    EXPECT_TRUE(RelativelyNear(comparison->paired.ci_high, expected["ci_high"]));
    EXPECT_TRUE(RelativelyNear(comparison->cohens_dz.value, expected["cohens_dz"]));
    ASSERT_TRUE(comparison->power.defined) << comparison->power.reason;
    EXPECT_EQ(comparison->power.pairs_needed, expected["seeds_for_80pct_power"]);
    EXPECT_TRUE(RelativelyNear(comparison->p_adjusted, expected["p_holm"]));
    EXPECT_EQ(comparison->significant, comparison->p_adjusted < 0.05);
    EXPECT_TRUE(RelativelyNear(FindComparison(with_bh, config, baseline)->p_adjusted,
                               expected["p_bh"]));
  }
}

TEST(ReferenceAnalysis, TrendsMatchScipyLinregress) {
  nlohmann::json vectors = LoadVectors("reference.json");
  Analysis analysis = AnalyzeSweep(ReadReferenceRows());
  ASSERT_EQ(analysis.baselines.size(), 2u);
  for (const nlohmann::json& expected : vectors["trends"]) {
    std::string baseline = expected["baseline"];
    SCOPED_TRACE(baseline);
    const BaselineResult& result =
        analysis.baselines[0].baseline == baseline ? analysis.baselines[0] : analysis.baselines[1];
    ASSERT_EQ(result.baseline, baseline);
    const SlopeResult& slope = result.trend.slope;
    ASSERT_TRUE(slope.defined) << slope.reason;
    EXPECT_EQ(slope.n, static_cast<int>(expected["x"].size()));
    EXPECT_TRUE(RelativelyNear(slope.slope, expected["slope"]));
    EXPECT_TRUE(RelativelyNear(slope.se, expected["se"]));
    EXPECT_TRUE(RelativelyNear(slope.t, expected["t"]));
    EXPECT_TRUE(RelativelyNear(slope.p_one_sided, expected["p_one_sided"]));
  }
}

// With Holm over all ten comparisons, review is significantly better than highway at 590M and
// 1B, and better than standard at 1B only. Both trends rise and neither 60M gap is a significant
// advantage, so the advantage emerges with scale against both baselines.
TEST(ReferenceAnalysis, VerdictEmergesWithScale) {
  Analysis analysis = AnalyzeSweep(ReadReferenceRows());
  ASSERT_EQ(analysis.baselines.size(), 2u);
  EXPECT_EQ(analysis.baselines[0].baseline, "highway");
  EXPECT_EQ(analysis.baselines[0].verdict.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(analysis.baselines[0].verdict.emergence_config, "590M");
  EXPECT_EQ(analysis.baselines[1].verdict.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(analysis.baselines[1].verdict.emergence_config, "1B");
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(analysis.verdict.emergence_config, "1B");
  EXPECT_FALSE(analysis.verdict.reason.empty());
}

TEST(ReferenceAnalysis, SmallSampleNotes) {
  Analysis analysis = AnalyzeSweep(ReadReferenceRows());
  const Comparison* comparison = FindComparison(analysis, "590M", "highway");
  ASSERT_NE(comparison, nullptr);
  EXPECT_TRUE(comparison->wilcoxon.cannot_reach_alpha);
  EXPECT_DOUBLE_EQ(comparison->wilcoxon.min_attainable_p, 0.25);
  EXPECT_DOUBLE_EQ(comparison->permutation.p, 0.25);
  bool wilcoxon_note = false;
  bool permutation_note = false;
  for (const std::string& note : comparison->notes) {
    wilcoxon_note |= note.rfind("Wilcoxon:", 0) == 0;
    permutation_note |= note.rfind("permutation test:", 0) == 0;
  }
  EXPECT_TRUE(wilcoxon_note);
  EXPECT_TRUE(permutation_note);
}

}  // namespace
}  // namespace reslab::stats
