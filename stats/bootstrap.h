#ifndef RESLAB_STATS_BOOTSTRAP_H_
#define RESLAB_STATS_BOOTSTRAP_H_

#include <cstdint>
#include <string>
#include <vector>

namespace reslab::stats {

struct BootstrapOptions {
  int resamples = 10000;
  double confidence = 0.95;
  uint64_t seed = 20240601;  // Seeds std::mt19937_64; indices are drawn by rejection sampling.
};

struct BootstrapInterval {
  bool defined = false;
  std::string reason;
  double low = 0;
  double high = 0;
  int resamples = 0;
  uint64_t seed = 0;
};

// Percentile bootstrap interval of the mean of `values`: resample with replacement, take the
// (1 ± confidence) / 2 quantiles of the resampled means (linear interpolation, NumPy's default).
// Deterministic for a given seed on every platform; it does not reproduce SciPy's numbers.
// Not defined for fewer than 2 values or non-finite input.
BootstrapInterval PercentileBootstrapMean(const std::vector<double>& values,
                                          const BootstrapOptions& options = {});

}  // namespace reslab::stats

#endif  // RESLAB_STATS_BOOTSTRAP_H_
