#include "stats/descriptive.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace reslab::stats {

Summary Summarize(const std::vector<double>& values) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Summary summary;
  summary.n = static_cast<int>(values.size());
  summary.mean = kNaN;
  summary.sd = kNaN;
  if (values.empty()) return summary;

  double sum = 0;
  for (double value : values) sum += value;
  summary.mean = sum / summary.n;
  if (summary.n < 2) return summary;

  // Two-pass variance: the values are losses that agree to several digits, so summing squares
  // of raw values would cancel badly.
  double squares = 0;
  for (double value : values) squares += (value - summary.mean) * (value - summary.mean);
  summary.sd = std::sqrt(squares / (summary.n - 1));
  return summary;
}

bool HasZeroSpread(const std::vector<double>& values) {
  if (values.size() < 2) return true;
  double largest = 0;
  for (double value : values) largest = std::max(largest, std::fabs(value));
  return Summarize(values).sd <= 1e-12 * largest;
}

}  // namespace reslab::stats
