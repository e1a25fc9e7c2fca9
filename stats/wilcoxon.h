#ifndef RESLAB_STATS_WILCOXON_H_
#define RESLAB_STATS_WILCOXON_H_

#include <string>
#include <vector>

#include "stats/alternative.h"

namespace reslab::stats {

enum class WilcoxonMethod { kExact, kNormalApproximation };

// "exact" or "normal approximation".
std::string WilcoxonMethodName(WilcoxonMethod method);

struct WilcoxonResult {
  bool defined = false;
  std::string reason;
  // SciPy's statistic: min(W+, W−) for a two-sided test, W+ (rank sum of positive
  // differences) for a one-sided test.
  double statistic = 0;
  double p = 0;
  WilcoxonMethod method = WilcoxonMethod::kExact;
  int n_used = 0;       // Differences left after dropping zeros.
  int n_zeros = 0;      // Zero differences dropped.
  bool has_ties = false;
  // Smallest p any data of this size could give with this method and alternative, and whether
  // it is above alpha (then the test cannot reject at alpha whatever the data).
  double min_attainable_p = 0;
  bool cannot_reach_alpha = false;
  std::string note;     // Method choice and the cannot-reach-alpha warning, in words.
};

// Wilcoxon signed-rank test of `differences` against zero, following SciPy 1.10's
// wilcoxon(d, zero_method="wilcox", correction=False, method="auto"): zeros are dropped, the
// exact null distribution is used when at most 50 differences remain and none are zeros or
// ties, and otherwise the normal approximation with the tie correction of the variance.
// Not defined when no nonzero difference remains or a value is non-finite.
WilcoxonResult WilcoxonSignedRank(const std::vector<double>& differences,
                                  Alternative alternative = Alternative::kTwoSided,
                                  double alpha = 0.05);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_WILCOXON_H_
