#ifndef RESLAB_STATS_T_TESTS_H_
#define RESLAB_STATS_T_TESTS_H_

#include <string>
#include <vector>

#include "stats/alternative.h"

namespace reslab::stats {

// Result of a t test. When `defined` is false, `reason` states why (too few values, zero
// variance, non-finite input) and the numbers are NaN and must not be shown.
struct TTestResult {
  bool defined = false;
  std::string reason;
  double t = 0;
  double df = 0;
  double p = 0;
  double mean_difference = 0;  // mean(x − y) for the paired test, mean(x) − mean(y) for Welch.
  double se = 0;               // Standard error of mean_difference.
  double ci_low = 0;           // Two-sided t interval of mean_difference at `confidence`.
  double ci_high = 0;
};

// Paired t test of the differences x[i] − y[i] (SciPy's ttest_rel). Needs x.size() == y.size()
// (throws std::invalid_argument otherwise), at least 2 pairs and a nonzero sd of the differences.
TTestResult PairedTTest(const std::vector<double>& x, const std::vector<double>& y,
                        Alternative alternative = Alternative::kTwoSided,
                        double confidence = 0.95);

// One-sample t test of `differences` against zero; PairedTTest is this on x − y.
TTestResult OneSampleTTest(const std::vector<double>& differences,
                           Alternative alternative = Alternative::kTwoSided,
                           double confidence = 0.95);

// Welch's unequal-variance t test of mean(x) − mean(y) with Welch–Satterthwaite degrees of
// freedom (SciPy's ttest_ind with equal_var=False). Needs at least 2 values in each sample and
// a nonzero variance in at least one.
TTestResult WelchTTest(const std::vector<double>& x, const std::vector<double>& y,
                       Alternative alternative = Alternative::kTwoSided,
                       double confidence = 0.95);

// Cohen's d_z = mean / sd of the paired differences (sd with n − 1). Not defined for fewer
// than 2 differences or zero sd.
struct EffectSize {
  bool defined = false;
  std::string reason;
  double value = 0;
};
EffectSize CohensDz(const std::vector<double>& differences);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_T_TESTS_H_
