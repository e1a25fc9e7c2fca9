#ifndef RESLAB_STATS_VERDICT_H_
#define RESLAB_STATS_VERDICT_H_

#include <string>
#include <vector>

#include "stats/trend.h"

namespace reslab::stats {

// Conclusion about the treatment against one baseline (or all of them). "Significant"
// means the paired t test's adjusted p is below alpha; "positive" means the mean gap
// (baseline − treatment) is above zero, so the treatment has the lower loss. Configs are taken
// in order of parameter count, and only those with a defined paired test count. The labels are
// checked in this order and the first that applies is used:
//   kInconclusive      no config has a defined paired test;
//   kEmergesWithScale  at least 2 configs, the trend slope is positive with one-sided
//                      p < alpha, the largest config is significant positive and the smallest
//                      is not;
//   kUniformAdvantage  every config is significant positive;
//   kDisadvantage      at least one config is significant negative and none is significant
//                      positive;
//   kNoAdvantage       no config is significant in either direction and the slope is not
//                      significantly positive (or not defined);
//   kInconclusive      anything else (e.g. significant gaps of both signs, or significant
//                      positive gaps that neither cover every config nor fit the emergence
//                      pattern); the reason says which.
enum class VerdictLabel {
  kEmergesWithScale,
  kUniformAdvantage,
  kNoAdvantage,
  kDisadvantage,
  kInconclusive,
};

// "emerges_with_scale", "uniform_advantage", "no_advantage", "disadvantage", "inconclusive".
std::string VerdictLabelName(VerdictLabel label);

struct Verdict {
  VerdictLabel label = VerdictLabel::kInconclusive;
  std::string reason;  // One sentence.
  // Config where the advantage becomes and stays significant: the smallest config from which
  // on every larger tested config is significant positive. It is empty when the largest
  // tested config is not significant positive, and it is set for every label.
  std::string emergence_config;
};

// The verdict's view of one config against one baseline.
struct ConfigOutcome {
  std::string config;
  bool tested = false;       // The paired t test is defined.
  bool significant = false;  // Adjusted p below alpha.
  double mean_gap = 0;       // baseline − treatment.
};

// Applies the rules above to `outcomes` (ordered by parameter count) and the trend of the
// gap. `treatment` and `baseline` name the variants in the reason.
Verdict DecideVerdict(const std::vector<ConfigOutcome>& outcomes, const SlopeResult& slope,
                      double alpha, const std::string& treatment, const std::string& baseline);

// Combines the per-baseline verdicts into one. When all labels agree, the result has that label
// and the emergence config that comes last in `config_order` (empty when any is empty).
// Otherwise it is kInconclusive and the reason names each baseline's label. Throws
// std::invalid_argument when `verdicts` is empty or its size differs from `baselines`.
Verdict CombineVerdicts(const std::vector<std::string>& baselines,
                        const std::vector<Verdict>& verdicts,
                        const std::vector<std::string>& config_order);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_VERDICT_H_
