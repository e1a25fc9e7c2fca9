#ifndef RESLAB_STATS_ANALYSIS_H_
#define RESLAB_STATS_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stats/alternative.h"
#include "stats/bootstrap.h"
#include "stats/descriptive.h"
#include "stats/p_adjust.h"
#include "stats/permutation.h"
#include "stats/power.h"
#include "stats/run_row.h"
#include "stats/t_tests.h"
#include "stats/trend.h"
#include "stats/verdict.h"
#include "stats/wilcoxon.h"

namespace reslab::stats {

struct AnalysisOptions {
  std::string treatment = "review";
  std::vector<std::string> baselines;  // Empty: every variant other than the treatment.
  double alpha = 0.05;
  Correction correction = Correction::kHolm;
  // Alternative for the paired t, Wilcoxon and permutation tests on the gap
  // (kGreater: the treatment has lower loss). Welch uses it too, on baseline − treatment.
  Alternative alternative = Alternative::kTwoSided;
  double confidence = 0.95;  // Level of the t interval and of the bootstrap interval.
  BootstrapOptions bootstrap;
  PermutationOptions permutation;
  double target_power = 0.8;
};

// Loss statistics of one variant at one config, over its usable runs.
struct VariantSummary {
  std::string variant;
  double params = 0;  // Parameter count of this variant's model at this config.
  Summary loss;
  int excluded_runs = 0;  // Diverged, failed or non-finite runs left out.
};

// One config, with its variants in the order treatment, then baselines, then others by name.
struct ConfigSummary {
  std::string config;
  // The treatment's parameter count (the variants' counts differ slightly after matching);
  // when the treatment has no usable run, the smallest count among the variants.
  double params = 0;
  std::vector<VariantSummary> variants;
};

// Treatment against one baseline at one config. Gaps are loss(baseline) − loss(treatment),
// paired by seed, so a positive gap favours the treatment.
struct Comparison {
  std::string config;
  double params = 0;  // Same x-position as ConfigSummary::params.
  std::string baseline;
  std::string treatment;
  int n_pairs = 0;
  std::vector<int64_t> paired_seeds;
  std::vector<double> gaps;  // In the order of paired_seeds.
  std::vector<int64_t> seeds_only_in_treatment;
  std::vector<int64_t> seeds_only_in_baseline;
  std::vector<int64_t> excluded_seeds;  // Seeds left out because a run in either arm diverged.
  double mean_gap = 0;  // NaN when n_pairs == 0.
  // Paired t test on the gaps; its se, ci_low and ci_high are the gap's standard error and t
  // interval at AnalysisOptions::confidence.
  TTestResult paired;
  // Welch's t test on all usable runs of each arm (unpaired), baseline minus treatment.
  TTestResult welch;
  WilcoxonResult wilcoxon;
  PermutationResult permutation;
  BootstrapInterval bootstrap;
  EffectSize cohens_dz;
  PowerResult power;  // Seed pairs for target_power at the observed d_z.
  // Paired p adjusted over the family of every comparison with a defined paired test;
  // NaN (and significant false) when the paired test is not defined.
  double p_adjusted = 0;
  bool significant = false;
  std::vector<std::string> notes;  // Exclusions, unpaired seeds, small-n warnings, in words.
};

// Trend of the per-seed gap against log10(parameter count) for one baseline: one point per
// seed pair at every config, x = log10(ConfigSummary::params).
struct Trend {
  std::string baseline;
  SlopeResult slope;  // slope is the change of the gap per decade of parameters.
};

struct BaselineResult {
  std::string baseline;
  Trend trend;
  Verdict verdict;
};

struct Analysis {
  AnalysisOptions options;  // The options used, with `baselines` resolved to the actual list.
  std::vector<ConfigSummary> configs;    // Ordered by params, then name.
  std::vector<Comparison> comparisons;   // Ordered by config (as `configs`), then baseline.
  std::vector<BaselineResult> baselines; // In the order of the baselines analysed.
  // All baselines together: the shared label when every baseline has the same one (its
  // emergence_config is then the largest of theirs), otherwise kInconclusive with each
  // baseline's label in the reason.
  Verdict verdict;
  std::vector<std::string> notes;        // Sweep-wide notes (e.g. missing treatment).
};

// Runs every statistic of the sweep. Throws std::invalid_argument naming the value for a bad
// option (alpha or confidence outside (0, 1), a baseline equal to the treatment) and when the
// treatment or a requested baseline has no rows at all.
Analysis AnalyzeSweep(const std::vector<RunRow>& rows, const AnalysisOptions& options = {});

}  // namespace reslab::stats

#endif  // RESLAB_STATS_ANALYSIS_H_
