#ifndef RESLAB_STATS_DESCRIPTIVE_H_
#define RESLAB_STATS_DESCRIPTIVE_H_

#include <vector>

namespace reslab::stats {

// Sample size, mean and sample standard deviation (n − 1 denominator). With n = 0 the mean is
// NaN and with n < 2 the sd is NaN; callers check n before using them.
struct Summary {
  int n = 0;
  double mean = 0;
  double sd = 0;
};

Summary Summarize(const std::vector<double>& values);

// Whether the values are all equal up to rounding error: their sd is at most 1e-12 times the
// largest magnitude. Differences of nearly equal losses carry rounding noise near 1e-16, which
// would otherwise turn "all gaps equal" into an enormous t statistic.
bool HasZeroSpread(const std::vector<double>& values);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_DESCRIPTIVE_H_
