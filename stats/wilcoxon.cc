#include "stats/wilcoxon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <boost/math/distributions/normal.hpp>

#include "stats/format.h"
#include "stats/ranks.h"

namespace reslab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// SciPy 1.10's method="auto" uses the exact table for up to this many differences.
constexpr int kMaxExactPairs = 50;

// Null distribution of W+ for n untied, nonzero differences: probability of each rank sum
// 0..n(n+1)/2 when every sign is +/- with probability 1/2. Counts stay below 2^50, so the
// doubles hold them exactly.
std::vector<double> ExactRankSumPmf(int n) {
  int max_sum = n * (n + 1) / 2;
  std::vector<double> counts(max_sum + 1, 0.0);
  counts[0] = 1;
  for (int rank = 1; rank <= n; ++rank) {
    for (int sum = max_sum; sum >= rank; --sum) counts[sum] += counts[sum - rank];
  }
  double total = std::ldexp(1.0, n);
  for (double& count : counts) count /= total;
  return counts;
}

// The exact p for rank sum `w_plus`, as SciPy 1.10 computes it.
double ExactP(const std::vector<double>& pmf, int w_plus, Alternative alternative) {
  double p_less = 0;
  for (int k = 0; k <= w_plus; ++k) p_less += pmf[k];
  double p_greater = 0;
  for (size_t k = w_plus; k < pmf.size(); ++k) p_greater += pmf[k];
  switch (alternative) {
    case Alternative::kGreater:
      return std::min(1.0, p_greater);
    case Alternative::kLess:
      return std::min(1.0, p_less);
    case Alternative::kTwoSided:
      break;
  }
  if (w_plus == static_cast<int>(pmf.size() - 1) / 2) return 1.0;
  return std::min(1.0, 2 * std::min(p_less, p_greater));
}

// Normal approximation without continuity correction. `variance_times_24` already has the
// tie correction subtracted.
double ApproximateP(double statistic, int n, double variance_times_24,
                    Alternative alternative) {
  double mean = n * (n + 1.0) / 4;
  double se = std::sqrt(variance_times_24 / 24);
  double z = (statistic - mean) / se;
  boost::math::normal normal;
  switch (alternative) {
    case Alternative::kGreater:
      return boost::math::cdf(boost::math::complement(normal, z));
    case Alternative::kLess:
      return boost::math::cdf(normal, z);
    case Alternative::kTwoSided:
      break;
  }
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(normal, std::fabs(z))));
}

}  // namespace

std::string WilcoxonMethodName(WilcoxonMethod method) {
  return method == WilcoxonMethod::kExact ? "exact" : "normal approximation";
}

WilcoxonResult WilcoxonSignedRank(const std::vector<double>& differences,
                                  Alternative alternative, double alpha) {
  WilcoxonResult result;
  result.statistic = result.p = result.min_attainable_p = kNaN;
  for (double d : differences) {
    if (!std::isfinite(d)) {
      result.reason = "a difference is not finite";
      return result;
    }
  }

  // zero_method="wilcox": zero differences carry no sign and are dropped before ranking.
  std::vector<double> nonzero;
  for (double d : differences) {
    if (d != 0) nonzero.push_back(d);
  }
  int n = static_cast<int>(nonzero.size());
  result.n_used = n;
  result.n_zeros = static_cast<int>(differences.size()) - n;
  if (n == 0) {
    result.reason = differences.empty() ? "no pairs" : "every difference is zero";
    return result;
  }

  std::vector<double> magnitudes(n);
  for (int i = 0; i < n; ++i) magnitudes[i] = std::fabs(nonzero[i]);
  std::vector<double> ranks = AverageRanks(magnitudes);
  std::vector<int> ties = TieGroupSizes(magnitudes);
  result.has_ties = !ties.empty();

  double w_plus = 0;
  double w_minus = 0;
  for (int i = 0; i < n; ++i) (nonzero[i] > 0 ? w_plus : w_minus) += ranks[i];
  result.statistic = alternative == Alternative::kTwoSided ? std::min(w_plus, w_minus) : w_plus;
  double rank_total = n * (n + 1.0) / 2;

  // The exact table is used when at most 50 differences remain and there are no zeros and no
  // ties. Otherwise the p-value comes from the normal approximation with the tie-corrected
  // variance. SciPy 1.10's method="auto" also switches to the approximation for zeros and
  // above 50 differences. With ties it keeps the exact table, truncating the half-integer rank
  // sum, although its documentation states the result is then not exact. Here ties use the
  // approximation, as SciPy's method="approx" does.
  bool exact = n <= kMaxExactPairs && result.n_zeros == 0 && !result.has_ties;
  std::ostringstream note;
  if (exact) {
    result.method = WilcoxonMethod::kExact;
    std::vector<double> pmf = ExactRankSumPmf(n);
    result.p = ExactP(pmf, static_cast<int>(std::lround(w_plus)), alternative);
    // The smallest p comes from data with every sign on the side of the alternative.
    int extreme = alternative == Alternative::kLess ? 0 : static_cast<int>(rank_total);
    result.min_attainable_p = ExactP(pmf, extreme, alternative);
    note << "exact null distribution (" << n << " nonzero differences, no ties)";
  } else {
    result.method = WilcoxonMethod::kNormalApproximation;
    double variance_times_24 = n * (n + 1.0) * (2.0 * n + 1.0);
    for (int size : ties) variance_times_24 -= 0.5 * size * (size * size - 1.0);
    result.p = ApproximateP(result.statistic, n, variance_times_24, alternative);
    double extreme = alternative == Alternative::kGreater ? rank_total : 0;
    result.min_attainable_p = ApproximateP(extreme, n, variance_times_24, alternative);
    std::vector<std::string> causes;
    if (n > kMaxExactPairs) {
      causes.push_back(std::to_string(n) + " differences, above " +
                       std::to_string(kMaxExactPairs));
    }
    if (result.n_zeros > 0) {
      causes.push_back(std::to_string(result.n_zeros) + " zero differences dropped");
    }
    if (result.has_ties) causes.push_back("tied differences");
    note << "normal approximation with tie correction (";
    for (size_t i = 0; i < causes.size(); ++i) note << (i > 0 ? ", " : "") << causes[i];
    note << ")";
    if (n < 10) note << "; with " << n << " differences the approximation is rough";
  }
  result.cannot_reach_alpha = result.min_attainable_p >= alpha;
  if (result.cannot_reach_alpha) {
    note << "; with " << n << " nonzero differences the smallest attainable p is "
         << FormatNumber(result.min_attainable_p) << ", so it cannot reach alpha = " << alpha;
  }
  result.note = note.str();
  result.defined = true;
  return result;
}

}  // namespace reslab::stats
