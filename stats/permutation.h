#ifndef RESLAB_STATS_PERMUTATION_H_
#define RESLAB_STATS_PERMUTATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stats/alternative.h"

namespace reslab::stats {

// Sign-flip permutation test sizes and seed.
struct PermutationOptions {
  int max_exact_pairs = 20;      // Up to this many differences, all 2^n sign patterns.
  int64_t monte_carlo_draws = 100000;
  uint64_t seed = 20240601;      // Seeds std::mt19937_64 for the Monte Carlo draws.
};

struct PermutationResult {
  bool defined = false;
  std::string reason;
  double statistic = 0;          // Observed mean difference.
  double p = 0;
  bool exact = false;
  int64_t draws = 0;             // Sign patterns evaluated (2^n when exact).
  uint64_t seed = 0;             // Only meaningful when not exact.
  double min_attainable_p = 0;   // 2 / 2^n two-sided (1 / 2^n one-sided) when exact.
};

// Sign-flip permutation test of the mean of `differences` against zero. The exact p matches
// SciPy 1.10's permutation_test(permutation_type="samples", n_resamples=inf) on the mean of
// x − y: the two-sided p is 2 · min(P(T ≥ t), P(T ≤ t)), capped at 1, counting the observed
// pattern. Beyond max_exact_pairs it draws random sign patterns, p = (1 + hits) / (1 + draws).
PermutationResult SignFlipPermutationTest(const std::vector<double>& differences,
                                          Alternative alternative = Alternative::kTwoSided,
                                          const PermutationOptions& options = {});

}  // namespace reslab::stats

#endif  // RESLAB_STATS_PERMUTATION_H_
