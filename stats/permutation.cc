#include "stats/permutation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace reslab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Counts of null statistics at or below / at or above the observed one. Both comparisons
// allow a rounding tolerance of max(1e-14, 1e-14 · |observed|), as SciPy 1.10's
// permutation_test does, so sign patterns that tie in exact arithmetic count as ties.
struct TailCounts {
  int64_t at_or_below = 0;
  int64_t at_or_above = 0;
};

void Count(double value, double observed, double tolerance, TailCounts& counts) {
  if (value <= observed + tolerance) ++counts.at_or_below;
  if (value >= observed - tolerance) ++counts.at_or_above;
}

double PValue(const TailCounts& counts, int64_t total, int64_t adjustment,
              Alternative alternative) {
  double below = static_cast<double>(counts.at_or_below + adjustment) / (total + adjustment);
  double above = static_cast<double>(counts.at_or_above + adjustment) / (total + adjustment);
  switch (alternative) {
    case Alternative::kGreater:
      return std::min(1.0, above);
    case Alternative::kLess:
      return std::min(1.0, below);
    case Alternative::kTwoSided:
      break;
  }
  return std::min(1.0, 2 * std::min(below, above));
}

double SignedMean(const std::vector<double>& values, uint64_t signs) {
  double sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += (signs >> i & 1) ? -values[i] : values[i];
  }
  return sum / values.size();
}

// Exact p over every sign pattern of `values` against `observed`.
double ExactP(const std::vector<double>& values, double observed, Alternative alternative) {
  double tolerance = std::max(1e-14, std::fabs(1e-14 * observed));
  uint64_t patterns = uint64_t{1} << values.size();
  TailCounts counts;
  for (uint64_t signs = 0; signs < patterns; ++signs) {
    Count(SignedMean(values, signs), observed, tolerance, counts);
  }
  return PValue(counts, static_cast<int64_t>(patterns), 0, alternative);
}

}  // namespace

PermutationResult SignFlipPermutationTest(const std::vector<double>& differences,
                                          Alternative alternative,
                                          const PermutationOptions& options) {
  PermutationResult result;
  result.statistic = result.p = result.min_attainable_p = kNaN;
  for (double d : differences) {
    if (!std::isfinite(d)) {
      result.reason = "a difference is not finite";
      return result;
    }
  }
  if (differences.empty()) {
    result.reason = "no pairs";
    return result;
  }
  int n = static_cast<int>(differences.size());
  result.statistic = SignedMean(differences, 0);
  result.defined = true;

  if (n <= std::min(options.max_exact_pairs, 62)) {
    result.exact = true;
    result.draws = int64_t{1} << n;
    result.p = ExactP(differences, result.statistic, alternative);
    // The smallest p comes from these magnitudes with every sign on the side of the
    // alternative.
    std::vector<double> magnitudes(n);
    for (int i = 0; i < n; ++i) magnitudes[i] = std::fabs(differences[i]);
    uint64_t extreme_signs = alternative == Alternative::kLess ? ~uint64_t{0} : 0;
    double extreme = SignedMean(magnitudes, extreme_signs);
    result.min_attainable_p = ExactP(magnitudes, extreme, alternative);
    return result;
  }

  if (options.monte_carlo_draws < 1) {
    result.defined = false;
    result.reason = "more than " + std::to_string(options.max_exact_pairs) +
                    " pairs and no Monte Carlo draws requested";
    return result;
  }

  // Monte Carlo: each draw flips each sign with probability 1/2, using one bit of
  // std::mt19937_64 output per difference. The observed pattern counts once more
  // (p = (1 + hits) / (1 + draws)), so p is never 0.
  std::mt19937_64 generator(options.seed);
  double tolerance = std::max(1e-14, std::fabs(1e-14 * result.statistic));
  TailCounts counts;
  for (int64_t draw = 0; draw < options.monte_carlo_draws; ++draw) {
    double sum = 0;
    uint64_t bits = 0;
    for (int i = 0; i < n; ++i) {
      if (i % 64 == 0) bits = generator();
      sum += (bits >> (i % 64) & 1) ? -differences[i] : differences[i];
    }
    Count(sum / n, result.statistic, tolerance, counts);
  }
  result.draws = options.monte_carlo_draws;
  result.seed = options.seed;
  result.p = PValue(counts, result.draws, 1, alternative);
  result.min_attainable_p =
      (alternative == Alternative::kTwoSided ? 2.0 : 1.0) / (result.draws + 1);
  return result;
}

}  // namespace reslab::stats
