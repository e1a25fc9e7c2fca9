#include "stats/analysis.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace reslab::stats {
namespace {

// Seed-to-seed variation of the gap, in units of the gap's spread (mean 1/12, sd about 0.85).
const double kNoise[] = {0.9, -1.1, 0.4, -0.3, 1.2, -0.6};

struct ConfigGap {
  std::string config;
  double params;
  double mean_gap;  // baseline − treatment
};

// Six seeds per config; the treatment's loss falls with scale and the baseline's loss is the
// treatment's plus mean_gap plus noise of sd about 0.0017.
std::vector<RunRow> BuildSweep(const std::vector<ConfigGap>& configs,
                               const std::string& baseline = "highway") {
  std::vector<RunRow> rows;
  for (const ConfigGap& config : configs) {
    for (int seed = 0; seed < 6; ++seed) {
      double treatment_loss = 3.0 - 0.2 * std::log10(config.params) + 0.01 * (seed % 3);
      RunRow treatment{config.config, config.params, "review", seed, treatment_loss, "completed"};
      RunRow other{config.config, config.params * 1.01, baseline, seed,
                   treatment_loss + config.mean_gap + 0.002 * kNoise[seed], "completed"};
      rows.push_back(treatment);
      rows.push_back(other);
    }
  }
  return rows;
}

VerdictLabel LabelOf(const std::vector<ConfigGap>& configs) {
  Analysis analysis = AnalyzeSweep(BuildSweep(configs));
  EXPECT_FALSE(analysis.verdict.reason.empty());
  return analysis.verdict.label;
}

TEST(AnalyzeSweep, EmergesWithScale) {
  Analysis analysis = AnalyzeSweep(
      BuildSweep({{"S", 1e7, 0.0}, {"M", 1e8, 0.01}, {"L", 1e9, 0.03}}));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kEmergesWithScale) << analysis.verdict.reason;
  EXPECT_EQ(analysis.verdict.emergence_config, "M");
  ASSERT_EQ(analysis.baselines.size(), 1u);
  EXPECT_GT(analysis.baselines[0].trend.slope.slope, 0);
  EXPECT_LT(analysis.baselines[0].trend.slope.p_one_sided, 0.05);
}

TEST(AnalyzeSweep, UniformAdvantage) {
  Analysis analysis =
      AnalyzeSweep(BuildSweep({{"S", 1e7, 0.02}, {"M", 1e8, 0.02}, {"L", 1e9, 0.02}}));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kUniformAdvantage) << analysis.verdict.reason;
  EXPECT_EQ(analysis.verdict.emergence_config, "S");
}

TEST(AnalyzeSweep, NoAdvantage) {
  Analysis analysis =
      AnalyzeSweep(BuildSweep({{"S", 1e7, 0.0}, {"M", 1e8, 0.0}, {"L", 1e9, 0.0}}));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kNoAdvantage) << analysis.verdict.reason;
  EXPECT_EQ(analysis.verdict.emergence_config, "");
}

TEST(AnalyzeSweep, Disadvantage) {
  EXPECT_EQ(LabelOf({{"S", 1e7, -0.02}, {"M", 1e8, -0.02}, {"L", 1e9, -0.02}}),
            VerdictLabel::kDisadvantage);
}

TEST(AnalyzeSweep, InconclusiveWhenSignsDisagree) {
  Analysis analysis =
      AnalyzeSweep(BuildSweep({{"S", 1e7, 0.02}, {"M", 1e8, 0.0}, {"L", 1e9, -0.02}}));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kInconclusive);
  EXPECT_NE(analysis.verdict.reason.find("but worse at L"), std::string::npos)
      << analysis.verdict.reason;
}

TEST(AnalyzeSweep, InconclusiveWhenLargestNotSignificant) {
  Analysis analysis =
      AnalyzeSweep(BuildSweep({{"S", 1e7, 0.02}, {"M", 1e8, 0.02}, {"L", 1e9, 0.0}}));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kInconclusive);
  EXPECT_NE(analysis.verdict.reason.find("not at the largest config, L"), std::string::npos)
      << analysis.verdict.reason;
  EXPECT_EQ(analysis.verdict.emergence_config, "");
}

TEST(AnalyzeSweep, InconclusiveWithoutPairs) {
  std::vector<RunRow> rows = {{"S", 1e7, "review", 0, 2.0, "completed"},
                              {"S", 1e7, "highway", 1, 2.1, "completed"}};
  Analysis analysis = AnalyzeSweep(rows);
  ASSERT_EQ(analysis.comparisons.size(), 1u);
  const Comparison& comparison = analysis.comparisons[0];
  EXPECT_EQ(comparison.n_pairs, 0);
  EXPECT_EQ(comparison.seeds_only_in_treatment, (std::vector<int64_t>{0}));
  EXPECT_EQ(comparison.seeds_only_in_baseline, (std::vector<int64_t>{1}));
  EXPECT_FALSE(comparison.paired.defined);
  EXPECT_FALSE(comparison.significant);
  EXPECT_TRUE(std::isnan(comparison.p_adjusted));
  EXPECT_EQ(analysis.verdict.label, VerdictLabel::kInconclusive);
}

TEST(AnalyzeSweep, DivergedRunsLeftOutOfPairing) {
  std::vector<RunRow> rows = BuildSweep({{"S", 1e7, 0.02}});
  // Seed 6 diverged in the baseline; seed 7 has a non-finite loss in the treatment.
  rows.push_back({"S", 1e7, "review", 6, 2.0, "completed"});
  rows.push_back({"S", 1e7 * 1.01, "highway", 6, 9.9, "diverged"});
  rows.push_back({"S", 1e7, "review", 7, std::numeric_limits<double>::quiet_NaN(), "completed"});
  rows.push_back({"S", 1e7 * 1.01, "highway", 7, 2.0, "completed"});
  rows.push_back({"S", 1e7, "review", 8, 2.0, "failed_to_train"});

  Analysis analysis = AnalyzeSweep(rows);
  ASSERT_EQ(analysis.comparisons.size(), 1u);
  const Comparison& comparison = analysis.comparisons[0];
  EXPECT_EQ(comparison.n_pairs, 6);
  EXPECT_EQ(comparison.excluded_seeds, (std::vector<int64_t>{6, 7, 8}));
  EXPECT_TRUE(comparison.paired.defined);
  EXPECT_TRUE(std::isfinite(comparison.mean_gap));
  EXPECT_TRUE(std::isfinite(comparison.welch.t));
  // The summaries (and Welch) use every usable run, paired or not: seeds 0-6 in each arm.
  EXPECT_EQ(analysis.configs[0].variants[0].loss.n, 7);
  EXPECT_EQ(analysis.configs[0].variants[0].excluded_runs, 2);
  EXPECT_EQ(analysis.configs[0].variants[1].loss.n, 7);
  EXPECT_EQ(analysis.configs[0].variants[1].excluded_runs, 1);

  int exclusion_notes = 0;
  for (const std::string& note : analysis.notes) {
    exclusion_notes += note.find("left out:") != std::string::npos;
  }
  EXPECT_EQ(exclusion_notes, 3);
  bool pairing_note = false;
  for (const std::string& note : comparison.notes) {
    pairing_note |= note == "seeds left out because a run diverged, failed or has a non-finite "
                            "loss: 6, 7, 8";
  }
  EXPECT_TRUE(pairing_note);
}

TEST(AnalyzeSweep, AdjustsAcrossWholeFamily) {
  std::vector<RunRow> rows = BuildSweep({{"S", 1e7, 0.004}, {"L", 1e9, 0.002}});
  std::vector<RunRow> standard = BuildSweep({{"S", 1e7, 0.001}, {"L", 1e9, 0.003}}, "standard");
  for (const RunRow& row : standard) {
    if (row.variant == "standard") rows.push_back(row);
  }
  for (Correction correction :
       {Correction::kHolm, Correction::kBenjaminiHochberg, Correction::kNone}) {
    SCOPED_TRACE(CorrectionName(correction));
    AnalysisOptions options;
    options.correction = correction;
    Analysis analysis = AnalyzeSweep(rows, options);
    ASSERT_EQ(analysis.comparisons.size(), 4u);
    std::vector<double> raw;
    for (const Comparison& comparison : analysis.comparisons) raw.push_back(comparison.paired.p);
    std::vector<double> adjusted = AdjustPValues(raw, correction);
    for (size_t i = 0; i < raw.size(); ++i) {
      EXPECT_EQ(analysis.comparisons[i].p_adjusted, adjusted[i]);
      EXPECT_EQ(analysis.comparisons[i].significant, adjusted[i] < 0.05);
    }
  }
}

TEST(AnalyzeSweep, BaselinesDefaultToOtherVariants) {
  std::vector<RunRow> rows = BuildSweep({{"S", 1e7, 0.01}});
  std::vector<RunRow> standard = BuildSweep({{"S", 1e7, 0.01}}, "standard");
  for (const RunRow& row : standard) {
    if (row.variant == "standard") rows.push_back(row);
  }
  Analysis all = AnalyzeSweep(rows);
  EXPECT_EQ(all.options.baselines, (std::vector<std::string>{"highway", "standard"}));
  AnalysisOptions only_standard;
  only_standard.baselines = {"standard"};
  Analysis one = AnalyzeSweep(rows, only_standard);
  ASSERT_EQ(one.comparisons.size(), 1u);
  EXPECT_EQ(one.comparisons[0].baseline, "standard");
  // Variant summaries keep every variant: treatment, the baseline, then the rest.
  ASSERT_EQ(one.configs[0].variants.size(), 3u);
  EXPECT_EQ(one.configs[0].variants[1].variant, "standard");
  EXPECT_EQ(one.configs[0].variants[2].variant, "highway");
}

TEST(AnalyzeSweep, RejectsBadOptions) {
  std::vector<RunRow> rows = BuildSweep({{"S", 1e7, 0.01}});
  AnalysisOptions bad_alpha;
  bad_alpha.alpha = 1.5;
  EXPECT_THROW(AnalyzeSweep(rows, bad_alpha), std::invalid_argument);
  AnalysisOptions self;
  self.baselines = {"review"};
  EXPECT_THROW(AnalyzeSweep(rows, self), std::invalid_argument);
  AnalysisOptions unknown;
  unknown.baselines = {"mamba"};
  try {
    AnalyzeSweep(rows, unknown);
    FAIL() << "unknown baseline accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()), "baseline 'mamba' has no runs in the sweep");
  }
  AnalysisOptions missing_treatment;
  missing_treatment.treatment = "gated";
  EXPECT_THROW(AnalyzeSweep(rows, missing_treatment), std::invalid_argument);
}

TEST(AnalyzeSweep, RejectsDuplicateSeed) {
  std::vector<RunRow> rows = BuildSweep({{"S", 1e7, 0.01}});
  rows.push_back(rows.front());
  EXPECT_THROW(AnalyzeSweep(rows), std::invalid_argument);
}

}  // namespace
}  // namespace reslab::stats
