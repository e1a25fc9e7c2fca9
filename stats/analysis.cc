#include "stats/analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "stats/format.h"
#include "stats/pairing.h"

namespace reslab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows of one config, by variant.
using VariantRows = std::map<std::string, std::vector<const RunRow*>>;

std::string JoinSeeds(const std::vector<int64_t>& seeds) {
  std::string joined;
  for (size_t i = 0; i < seeds.size(); ++i) joined += (i > 0 ? ", " : "") + std::to_string(seeds[i]);
  return joined;
}

void CheckFraction(const std::string& name, double value) {
  if (!(value > 0 && value < 1)) {
    throw std::invalid_argument("invalid " + name + " " + FormatNumber(value, 6) +
                                ": expected a value in (0, 1)");
  }
}

// The baselines to compare, checked against the variants present in the rows.
std::vector<std::string> ResolveBaselines(const std::set<std::string>& variants,
                                          const AnalysisOptions& options) {
  if (variants.count(options.treatment) == 0) {
    throw std::invalid_argument("treatment '" + options.treatment + "' has no runs in the sweep");
  }
  std::vector<std::string> baselines = options.baselines;
  if (baselines.empty()) {
    for (const std::string& variant : variants) {
      if (variant != options.treatment) baselines.push_back(variant);
    }
  }
  std::set<std::string> seen;
  for (const std::string& baseline : baselines) {
    if (baseline == options.treatment) {
      throw std::invalid_argument("baseline '" + baseline + "' is the treatment");
    }
    if (variants.count(baseline) == 0) {
      throw std::invalid_argument("baseline '" + baseline + "' has no runs in the sweep");
    }
    if (!seen.insert(baseline).second) {
      throw std::invalid_argument("baseline '" + baseline + "' is listed twice");
    }
  }
  return baselines;
}

// Variants in report order: treatment, baselines, then the rest by name.
std::vector<std::string> OrderVariants(const std::set<std::string>& variants,
                                       const std::string& treatment,
                                       const std::vector<std::string>& baselines) {
  std::vector<std::string> order = {treatment};
  order.insert(order.end(), baselines.begin(), baselines.end());
  for (const std::string& variant : variants) {
    if (std::find(order.begin(), order.end(), variant) == order.end()) order.push_back(variant);
  }
  return order;
}

ConfigSummary SummarizeConfig(const std::string& config, const VariantRows& rows,
                              const std::vector<std::string>& variant_order,
                              const std::string& treatment, std::vector<std::string>& notes) {
  ConfigSummary summary;
  summary.config = config;
  summary.params = kNaN;
  double smallest_params = kNaN;
  for (const std::string& variant : variant_order) {
    auto found = rows.find(variant);
    if (found == rows.end()) continue;
    VariantSummary variant_summary;
    variant_summary.variant = variant;
    variant_summary.params = found->second.front()->params;
    std::vector<double> losses;
    for (const RunRow* row : found->second) {
      if (row->params != variant_summary.params) {
        notes.push_back("config " + config + ", variant " + variant +
                        ": runs report different parameter counts (" +
                        FormatNumber(variant_summary.params, 6) + " and " +
                        FormatNumber(row->params, 6) + "); the first is used");
      }
      if (IsUsable(*row)) {
        losses.push_back(row->loss);
      } else {
        ++variant_summary.excluded_runs;
        notes.push_back("config " + config + ", variant " + variant + ", seed " +
                        std::to_string(row->seed) + " left out: " + ExclusionReason(*row));
      }
    }
    variant_summary.loss = Summarize(losses);
    if (variant == treatment) summary.params = variant_summary.params;
    if (!(variant_summary.params >= smallest_params)) smallest_params = variant_summary.params;
    summary.variants.push_back(variant_summary);
  }
  if (std::isnan(summary.params)) {
    summary.params = smallest_params;
    notes.push_back("config " + config + " has no " + treatment +
                    " runs; it is placed at the smallest parameter count of its variants");
  }
  return summary;
}

std::vector<double> UsableLosses(const std::vector<const RunRow*>& rows) {
  std::vector<double> losses;
  for (const RunRow* row : rows) {
    if (IsUsable(*row)) losses.push_back(row->loss);
  }
  return losses;
}

Comparison Compare(const ConfigSummary& config, const std::vector<const RunRow*>& treatment_rows,
                   const std::vector<const RunRow*>& baseline_rows, const std::string& baseline,
                   const AnalysisOptions& options) {
  Comparison comparison;
  comparison.config = config.config;
  comparison.params = config.params;
  comparison.baseline = baseline;
  comparison.treatment = options.treatment;

  SeedPairing pairing = PairBySeed(treatment_rows, baseline_rows);
  comparison.n_pairs = static_cast<int>(pairing.seeds.size());
  comparison.paired_seeds = pairing.seeds;
  comparison.gaps = pairing.gaps;
  comparison.seeds_only_in_treatment = pairing.only_in_treatment;
  comparison.seeds_only_in_baseline = pairing.only_in_baseline;
  comparison.excluded_seeds = pairing.excluded;
  comparison.mean_gap = Summarize(pairing.gaps).mean;

  const std::vector<double>& gaps = pairing.gaps;
  comparison.paired = OneSampleTTest(gaps, options.alternative, options.confidence);
  comparison.welch = WelchTTest(UsableLosses(baseline_rows), UsableLosses(treatment_rows),
                                options.alternative, options.confidence);
  comparison.wilcoxon = WilcoxonSignedRank(gaps, options.alternative, options.alpha);
  comparison.permutation = SignFlipPermutationTest(gaps, options.alternative, options.permutation);
  comparison.bootstrap = PercentileBootstrapMean(gaps, options.bootstrap);
  comparison.cohens_dz = CohensDz(gaps);
  if (comparison.cohens_dz.defined) {
    comparison.power = PairsForPower(comparison.cohens_dz.value, options.alpha,
                                     options.target_power, options.alternative);
  } else {
    comparison.power.reason = "Cohen's d_z is not defined: " + comparison.cohens_dz.reason;
  }
  comparison.p_adjusted = kNaN;

  std::vector<std::string>& notes = comparison.notes;
  if (!pairing.only_in_treatment.empty()) {
    notes.push_back("seeds only in " + options.treatment + ", left out of the pairing: " +
                    JoinSeeds(pairing.only_in_treatment));
  }
  if (!pairing.only_in_baseline.empty()) {
    notes.push_back("seeds only in " + baseline + ", left out of the pairing: " +
                    JoinSeeds(pairing.only_in_baseline));
  }
  if (!pairing.excluded.empty()) {
    notes.push_back("seeds left out because a run diverged, failed or has a non-finite loss: " +
                    JoinSeeds(pairing.excluded));
  }
  if (!comparison.paired.defined) {
    notes.push_back("paired t test not defined: " + comparison.paired.reason);
  }
  if (!comparison.welch.defined) {
    notes.push_back("Welch t test not defined: " + comparison.welch.reason);
  }
  if (!comparison.wilcoxon.defined) {
    notes.push_back("Wilcoxon test not defined: " + comparison.wilcoxon.reason);
  } else if (comparison.wilcoxon.cannot_reach_alpha) {
    notes.push_back("Wilcoxon: " + comparison.wilcoxon.note);
  }
  if (comparison.permutation.defined &&
      comparison.permutation.min_attainable_p >= options.alpha) {
    notes.push_back("permutation test: with " + std::to_string(comparison.n_pairs) +
                    " pairs the smallest attainable p is " +
                    FormatNumber(comparison.permutation.min_attainable_p) +
                    ", so it cannot reach alpha = " + FormatNumber(options.alpha));
  }
  return comparison;
}

// Adjusts the paired p-values of every comparison with a defined paired test as one family.
void AdjustFamily(std::vector<Comparison>& comparisons, const AnalysisOptions& options) {
  std::vector<double> p;
  std::vector<size_t> members;
  for (size_t i = 0; i < comparisons.size(); ++i) {
    if (!comparisons[i].paired.defined) continue;
    p.push_back(comparisons[i].paired.p);
    members.push_back(i);
  }
  std::vector<double> adjusted = AdjustPValues(p, options.correction);
  for (size_t k = 0; k < members.size(); ++k) {
    Comparison& comparison = comparisons[members[k]];
    comparison.p_adjusted = adjusted[k];
    comparison.significant = adjusted[k] < options.alpha;
  }
}

BaselineResult AnalyzeBaseline(const std::string& baseline,
                               const std::vector<Comparison>& comparisons,
                               const AnalysisOptions& options) {
  BaselineResult result;
  result.baseline = baseline;
  result.trend.baseline = baseline;

  std::vector<double> x;
  std::vector<double> y;
  std::vector<ConfigOutcome> outcomes;
  for (const Comparison& comparison : comparisons) {
    if (comparison.baseline != baseline) continue;
    for (double gap : comparison.gaps) {
      x.push_back(std::log10(comparison.params));
      y.push_back(gap);
    }
    ConfigOutcome outcome;
    outcome.config = comparison.config;
    outcome.tested = comparison.paired.defined;
    outcome.significant = comparison.significant;
    outcome.mean_gap = comparison.mean_gap;
    outcomes.push_back(outcome);
  }
  result.trend.slope = LeastSquaresSlope(x, y);
  result.verdict =
      DecideVerdict(outcomes, result.trend.slope, options.alpha, options.treatment, baseline);
  return result;
}

}  // namespace

Analysis AnalyzeSweep(const std::vector<RunRow>& rows, const AnalysisOptions& options) {
  CheckFraction("alpha", options.alpha);
  CheckFraction("confidence", options.confidence);
  CheckFraction("target power", options.target_power);

  Analysis analysis;
  analysis.options = options;

  std::map<std::string, VariantRows> by_config;
  std::set<std::string> variants;
  for (const RunRow& row : rows) {
    by_config[row.config][row.variant].push_back(&row);
    variants.insert(row.variant);
  }
  std::vector<std::string> baselines = ResolveBaselines(variants, options);
  analysis.options.baselines = baselines;
  std::vector<std::string> variant_order = OrderVariants(variants, options.treatment, baselines);

  for (const auto& [config, variant_rows] : by_config) {
    analysis.configs.push_back(
        SummarizeConfig(config, variant_rows, variant_order, options.treatment, analysis.notes));
  }
  double largest_spread = 0;
  for (const ConfigSummary& config : analysis.configs) {
    for (const VariantSummary& variant : config.variants) {
      largest_spread =
          std::max(largest_spread, std::fabs(variant.params - config.params) / config.params);
    }
  }
  if (largest_spread > 0) {
    analysis.notes.push_back("each config is placed at the " + options.treatment +
                             " parameter count; other variants differ from it by up to " +
                             FormatNumber(100 * largest_spread, 2) + "%");
  }
  std::stable_sort(analysis.configs.begin(), analysis.configs.end(),
                   [](const ConfigSummary& a, const ConfigSummary& b) {
                     return a.params < b.params;
                   });

  // Comparisons exist where either arm has runs, so a missing arm shows up as a stated gap.
  static const std::vector<const RunRow*> kNoRows;
  for (const ConfigSummary& config : analysis.configs) {
    const VariantRows& variant_rows = by_config.at(config.config);
    auto treatment = variant_rows.find(options.treatment);
    const auto& treatment_rows = treatment == variant_rows.end() ? kNoRows : treatment->second;
    for (const std::string& baseline : baselines) {
      auto found = variant_rows.find(baseline);
      const auto& baseline_rows = found == variant_rows.end() ? kNoRows : found->second;
      if (treatment_rows.empty() && baseline_rows.empty()) continue;
      analysis.comparisons.push_back(
          Compare(config, treatment_rows, baseline_rows, baseline, options));
    }
  }
  AdjustFamily(analysis.comparisons, options);

  std::vector<Verdict> verdicts;
  std::vector<std::string> config_order;
  for (const ConfigSummary& config : analysis.configs) config_order.push_back(config.config);
  for (const std::string& baseline : baselines) {
    analysis.baselines.push_back(AnalyzeBaseline(baseline, analysis.comparisons, options));
    verdicts.push_back(analysis.baselines.back().verdict);
  }
  if (baselines.empty()) {
    analysis.verdict.reason = "the sweep has no baseline variant to compare with " +
                              options.treatment + ".";
  } else {
    analysis.verdict = CombineVerdicts(baselines, verdicts, config_order);
  }
  return analysis;
}

}  // namespace reslab::stats
