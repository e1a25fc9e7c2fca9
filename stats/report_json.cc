#include "stats/report_json.h"

#include <cmath>

#include "stats/report_format.h"

namespace reslab::stats {
namespace {

using nlohmann::json;

// A finite number, or null.
json Number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json OptionsJson(const AnalysisOptions& options, const Analysis& analysis) {
  json baselines = json::array();
  for (const auto& baseline : analysis.baselines) baselines.push_back(baseline.baseline);
  return {{"treatment", options.treatment},
          {"baselines", baselines},
          {"alpha", options.alpha},
          {"correction", CorrectionName(options.correction)},
          {"alternative", AlternativeName(options.alternative)},
          {"confidence", options.confidence},
          {"target_power", options.target_power},
          {"bootstrap_resamples", options.bootstrap.resamples},
          {"bootstrap_seed", options.bootstrap.seed},
          {"permutation_max_exact_pairs", options.permutation.max_exact_pairs},
          {"permutation_draws", options.permutation.monte_carlo_draws},
          {"permutation_seed", options.permutation.seed}};
}

json ConfigJson(const ConfigSummary& config) {
  json variants = json::array();
  for (const auto& variant : config.variants) {
    variants.push_back({{"variant", variant.variant},
                        {"params", Number(variant.params)},
                        {"n", variant.loss.n},
                        {"mean_loss", variant.loss.n > 0 ? Number(variant.loss.mean) : json()},
                        {"sd_loss", variant.loss.n > 1 ? Number(variant.loss.sd) : json()},
                        {"excluded_runs", variant.excluded_runs}});
  }
  return {{"config", config.config}, {"params", Number(config.params)}, {"variants", variants}};
}

json ComparisonJson(const Comparison& c) {
  const bool paired = c.paired.defined;
  const bool welch = c.welch.defined;
  json undefined = json::object();
  for (const auto& [test, reason] : UndefinedTests(c)) undefined[test] = reason;
  return {
      {"config", c.config},
      {"params", Number(c.params)},
      {"baseline", c.baseline},
      {"treatment", c.treatment},
      {"n_pairs", c.n_pairs},
      {"paired_seeds", c.paired_seeds},
      {"gaps", c.gaps},
      {"seeds_only_in_treatment", c.seeds_only_in_treatment},
      {"seeds_only_in_baseline", c.seeds_only_in_baseline},
      {"excluded_seeds", c.excluded_seeds},
      {"mean_gap", c.n_pairs > 0 ? Number(c.mean_gap) : json()},
      {"se", paired ? Number(c.paired.se) : json()},
      {"ci_low", paired ? Number(c.paired.ci_low) : json()},
      {"ci_high", paired ? Number(c.paired.ci_high) : json()},
      {"paired_t", paired ? Number(c.paired.t) : json()},
      {"paired_df", paired ? Number(c.paired.df) : json()},
      {"paired_p", paired ? Number(c.paired.p) : json()},
      {"welch_mean_difference", welch ? Number(c.welch.mean_difference) : json()},
      {"welch_t", welch ? Number(c.welch.t) : json()},
      {"welch_df", welch ? Number(c.welch.df) : json()},
      {"welch_p", welch ? Number(c.welch.p) : json()},
      {"wilcoxon_statistic", c.wilcoxon.defined ? Number(c.wilcoxon.statistic) : json()},
      {"wilcoxon_p", c.wilcoxon.defined ? Number(c.wilcoxon.p) : json()},
      {"wilcoxon_method", c.wilcoxon.defined ? json(WilcoxonMethodName(c.wilcoxon.method))
                                             : json()},
      {"wilcoxon_min_attainable_p",
       c.wilcoxon.defined ? Number(c.wilcoxon.min_attainable_p) : json()},
      {"wilcoxon_cannot_reach_alpha", c.wilcoxon.defined && c.wilcoxon.cannot_reach_alpha},
      {"permutation_p", c.permutation.defined ? Number(c.permutation.p) : json()},
      {"permutation_exact", c.permutation.defined && c.permutation.exact},
      {"permutation_draws", c.permutation.defined ? json(c.permutation.draws) : json()},
      {"bootstrap_ci_low", c.bootstrap.defined ? Number(c.bootstrap.low) : json()},
      {"bootstrap_ci_high", c.bootstrap.defined ? Number(c.bootstrap.high) : json()},
      {"cohens_dz", c.cohens_dz.defined ? Number(c.cohens_dz.value) : json()},
      {"p_adjusted", Number(c.p_adjusted)},
      {"significant", c.significant},
      {"seeds_for_80pct_power", c.power.defined ? json(c.power.pairs_needed) : json()},
      {"undefined", undefined},
      {"notes", c.notes},
  };
}

json VerdictJson(const Verdict& verdict) {
  return {{"label", VerdictLabelName(verdict.label)},
          {"reason", verdict.reason},
          {"emergence_config", verdict.emergence_config.empty()
                                   ? json()
                                   : json(verdict.emergence_config)}};
}

json BaselineJson(const BaselineResult& baseline) {
  const SlopeResult& slope = baseline.trend.slope;
  json trend = {{"defined", slope.defined},
                {"reason", slope.reason},
                {"n", slope.n},
                {"slope_per_decade", slope.defined ? Number(slope.slope) : json()},
                {"intercept", slope.defined ? Number(slope.intercept) : json()},
                {"se", slope.defined ? Number(slope.se) : json()},
                {"t", slope.defined ? Number(slope.t) : json()},
                {"df", slope.defined ? Number(slope.df) : json()},
                {"p_one_sided", slope.defined ? Number(slope.p_one_sided) : json()}};
  return {{"baseline", baseline.baseline},
          {"trend", trend},
          {"verdict", VerdictJson(baseline.verdict)}};
}

}  // namespace

nlohmann::json ReportJson(const std::string& sweep, const Analysis& analysis) {
  json configs = json::array();
  for (const auto& config : analysis.configs) configs.push_back(ConfigJson(config));
  json comparisons = json::array();
  for (const auto& comparison : analysis.comparisons) {
    comparisons.push_back(ComparisonJson(comparison));
  }
  json baselines = json::array();
  for (const auto& baseline : analysis.baselines) baselines.push_back(BaselineJson(baseline));
  return {{"schema", kReportJsonSchema},
          {"sweep", sweep},
          {"options", OptionsJson(analysis.options, analysis)},
          {"configs", configs},
          {"comparisons", comparisons},
          {"baselines", baselines},
          {"verdict", VerdictJson(analysis.verdict)},
          {"notes", analysis.notes}};
}

}  // namespace reslab::stats
