#include "stats/verdict.h"

#include <algorithm>
#include <stdexcept>

#include "stats/format.h"

namespace reslab::stats {
namespace {

bool SignificantPositive(const ConfigOutcome& outcome) {
  return outcome.tested && outcome.significant && outcome.mean_gap > 0;
}

bool SignificantNegative(const ConfigOutcome& outcome) {
  return outcome.tested && outcome.significant && outcome.mean_gap < 0;
}

std::string JoinConfigs(const std::vector<std::string>& configs) {
  std::string joined;
  for (size_t i = 0; i < configs.size(); ++i) joined += (i > 0 ? ", " : "") + configs[i];
  return joined;
}

std::string DescribeSlope(const SlopeResult& slope) {
  if (!slope.defined) return "the trend is not defined (" + slope.reason + ")";
  return "the gap changes by " + FormatNumber(slope.slope) + " per decade of parameters " +
         "(one-sided p = " + FormatNumber(slope.p_one_sided) + ")";
}

}  // namespace

std::string VerdictLabelName(VerdictLabel label) {
  switch (label) {
    case VerdictLabel::kEmergesWithScale:
      return "emerges_with_scale";
    case VerdictLabel::kUniformAdvantage:
      return "uniform_advantage";
    case VerdictLabel::kNoAdvantage:
      return "no_advantage";
    case VerdictLabel::kDisadvantage:
      return "disadvantage";
    case VerdictLabel::kInconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

Verdict DecideVerdict(const std::vector<ConfigOutcome>& outcomes, const SlopeResult& slope,
                      double alpha, const std::string& treatment, const std::string& baseline) {
  std::vector<ConfigOutcome> tested;
  for (const ConfigOutcome& outcome : outcomes) {
    if (outcome.tested) tested.push_back(outcome);
  }

  Verdict verdict;
  // The advantage "becomes and stays" significant from the first config of the trailing run
  // of significant positive configs.
  for (size_t i = tested.size(); i-- > 0;) {
    if (!SignificantPositive(tested[i])) break;
    verdict.emergence_config = tested[i].config;
  }

  std::vector<std::string> positive;
  std::vector<std::string> negative;
  for (const ConfigOutcome& outcome : tested) {
    if (SignificantPositive(outcome)) positive.push_back(outcome.config);
    if (SignificantNegative(outcome)) negative.push_back(outcome.config);
  }
  bool slope_positive = slope.defined && slope.slope > 0 && slope.p_one_sided < alpha;
  std::string against = treatment + " against " + baseline + ": ";

  if (tested.empty()) {
    verdict.label = VerdictLabel::kInconclusive;
    verdict.reason = against + "no config has enough seed pairs for a paired test.";
    return verdict;
  }
  if (tested.size() >= 2 && slope_positive && SignificantPositive(tested.back()) &&
      !SignificantPositive(tested.front())) {
    verdict.label = VerdictLabel::kEmergesWithScale;
    verdict.reason = against + DescribeSlope(slope) + ", the advantage is significant from " +
                     verdict.emergence_config + " on and not at " + tested.front().config + ".";
    return verdict;
  }
  if (positive.size() == tested.size()) {
    verdict.label = VerdictLabel::kUniformAdvantage;
    verdict.reason = against + "the advantage is significant at every tested config (" +
                     JoinConfigs(positive) + ").";
    return verdict;
  }
  if (!negative.empty() && positive.empty()) {
    verdict.label = VerdictLabel::kDisadvantage;
    verdict.reason = against + "the baseline is significantly better at " +
                     JoinConfigs(negative) + " and the treatment is significantly better nowhere.";
    return verdict;
  }
  if (positive.empty() && negative.empty() && !slope_positive) {
    verdict.label = VerdictLabel::kNoAdvantage;
    verdict.reason = against + "no config shows a significant gap and " + DescribeSlope(slope) +
                     ".";
    return verdict;
  }

  verdict.label = VerdictLabel::kInconclusive;
  if (!positive.empty() && !negative.empty()) {
    verdict.reason = against + "the treatment is significantly better at " +
                     JoinConfigs(positive) + " but worse at " + JoinConfigs(negative) + ".";
  } else if (positive.empty()) {
    verdict.reason = against + DescribeSlope(slope) + " but no config shows a significant gap.";
  } else if (!SignificantPositive(tested.back())) {
    verdict.reason = against + "the advantage is significant at " + JoinConfigs(positive) +
                     " but not at the largest config, " + tested.back().config + ".";
  } else {
    verdict.reason = against + "the advantage is significant at " + JoinConfigs(positive) +
                     " but not at every config, and " + DescribeSlope(slope) +
                     ", which is not a significant increase.";
  }
  return verdict;
}

Verdict CombineVerdicts(const std::vector<std::string>& baselines,
                        const std::vector<Verdict>& verdicts,
                        const std::vector<std::string>& config_order) {
  if (verdicts.empty() || verdicts.size() != baselines.size()) {
    throw std::invalid_argument("combining verdicts needs one verdict per baseline, got " +
                                std::to_string(verdicts.size()) + " verdicts for " +
                                std::to_string(baselines.size()) + " baselines");
  }
  bool same_label = std::all_of(verdicts.begin(), verdicts.end(), [&](const Verdict& v) {
    return v.label == verdicts.front().label;
  });

  Verdict combined;
  std::string reasons;
  for (const Verdict& verdict : verdicts) reasons += (reasons.empty() ? "" : " ") + verdict.reason;
  if (!same_label) {
    combined.label = VerdictLabel::kInconclusive;
    std::string labels;
    for (size_t i = 0; i < verdicts.size(); ++i) {
      labels += (i > 0 ? ", " : "") + baselines[i] + " " + VerdictLabelName(verdicts[i].label);
    }
    combined.reason = "The baselines disagree (" + labels + "). " + reasons;
    return combined;
  }

  combined.label = verdicts.front().label;
  combined.reason = reasons;
  // The advantage is significant against every baseline only from the latest emergence on.
  long latest = -1;
  for (const Verdict& verdict : verdicts) {
    auto found = std::find(config_order.begin(), config_order.end(), verdict.emergence_config);
    if (verdict.emergence_config.empty() || found == config_order.end()) {
      latest = -1;
      break;
    }
    latest = std::max(latest, static_cast<long>(found - config_order.begin()));
  }
  if (latest >= 0) combined.emergence_config = config_order[latest];
  return combined;
}

}  // namespace reslab::stats
