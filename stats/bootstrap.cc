#include "stats/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace reslab::stats {
namespace {

// Uniform index in [0, n) from std::mt19937_64 by rejection, so the sequence is the same with
// every standard library (std::uniform_int_distribution is not specified exactly).
size_t DrawIndex(std::mt19937_64& generator, uint64_t n) {
  const uint64_t limit = std::numeric_limits<uint64_t>::max() -
                         std::numeric_limits<uint64_t>::max() % n;
  uint64_t value = generator();
  while (value >= limit) value = generator();
  return static_cast<size_t>(value % n);
}

// Quantile of sorted values with linear interpolation between order statistics
// (NumPy's default method="linear").
double LinearQuantile(const std::vector<double>& sorted, double q) {
  double position = q * (sorted.size() - 1);
  size_t below = static_cast<size_t>(std::floor(position));
  size_t above = std::min(below + 1, sorted.size() - 1);
  double fraction = position - below;
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace

BootstrapInterval PercentileBootstrapMean(const std::vector<double>& values,
                                          const BootstrapOptions& options) {
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw std::invalid_argument("invalid bootstrap confidence " +
                                std::to_string(options.confidence) +
                                ": expected a value in (0, 1)");
  }
  BootstrapInterval interval;
  interval.low = interval.high = std::numeric_limits<double>::quiet_NaN();
  interval.seed = options.seed;
  if (options.resamples < 2) {
    interval.reason = "needs at least 2 resamples, got " + std::to_string(options.resamples);
    return interval;
  }
  if (values.size() < 2) {
    interval.reason = "needs at least 2 values, got " + std::to_string(values.size());
    return interval;
  }
  for (double value : values) {
    if (!std::isfinite(value)) {
      interval.reason = "a value is not finite";
      return interval;
    }
  }

  std::mt19937_64 generator(options.seed);
  std::vector<double> means(options.resamples);
  for (double& mean : means) {
    double sum = 0;
    for (size_t i = 0; i < values.size(); ++i) sum += values[DrawIndex(generator, values.size())];
    mean = sum / values.size();
  }
  std::sort(means.begin(), means.end());

  double tail = (1 - options.confidence) / 2;
  interval.defined = true;
  interval.low = LinearQuantile(means, tail);
  interval.high = LinearQuantile(means, 1 - tail);
  interval.resamples = options.resamples;
  return interval;
}

}  // namespace reslab::stats
