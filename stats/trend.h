#ifndef RESLAB_STATS_TREND_H_
#define RESLAB_STATS_TREND_H_

#include <string>
#include <vector>

namespace reslab::stats {

// Ordinary least-squares line y = intercept + slope · x with the slope's standard error and t
// test (df = n − 2), as SciPy's linregress computes them.
struct SlopeResult {
  bool defined = false;
  std::string reason;
  int n = 0;
  double slope = 0;
  double intercept = 0;
  double se = 0;
  double t = 0;
  double df = 0;
  double p_one_sided = 0;  // P(T ≥ t): evidence that the slope is positive.
  double p_two_sided = 0;
};

// Not defined for fewer than 3 points, fewer than 2 distinct x, or non-finite input. A perfect
// fit (zero residuals) is defined with se = 0 and t = ±inf; the p-values are then 0 or 1.
SlopeResult LeastSquaresSlope(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_TREND_H_
