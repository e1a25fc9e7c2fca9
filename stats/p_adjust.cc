#include "stats/p_adjust.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace reslab::stats {

std::string CorrectionName(Correction correction) {
  switch (correction) {
    case Correction::kHolm:
      return "holm";
    case Correction::kBenjaminiHochberg:
      return "bh";
    case Correction::kNone:
      return "none";
  }
  return "none";
}

Correction ParseCorrection(const std::string& name) {
  if (name == "holm") return Correction::kHolm;
  if (name == "bh") return Correction::kBenjaminiHochberg;
  if (name == "none") return Correction::kNone;
  throw std::invalid_argument("invalid correction '" + name + "': expected holm, bh or none");
}

std::vector<double> AdjustPValues(const std::vector<double>& p, Correction correction) {
  for (double value : p) {
    if (!(value >= 0 && value <= 1)) {
      throw std::invalid_argument("invalid p-value " + std::to_string(value) +
                                  ": expected a value in [0, 1]");
    }
  }
  const size_t m = p.size();
  std::vector<double> adjusted(p);
  if (correction == Correction::kNone || m == 0) return adjusted;

  // Indices by increasing p; stable so that equal p-values keep the input order.
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&p](size_t a, size_t b) { return p[a] < p[b]; });

  if (correction == Correction::kHolm) {
    // Step-down: the i-th smallest (0-based) is multiplied by m − i, then made non-decreasing.
    double running_max = 0;
    for (size_t i = 0; i < m; ++i) {
      double value = std::min(1.0, (m - i) * p[order[i]]);
      running_max = std::max(running_max, value);
      adjusted[order[i]] = running_max;
    }
    return adjusted;
  }

  // Benjamini–Hochberg step-up: the i-th smallest (1-based) is multiplied by m / i, then made
  // non-increasing from the largest down.
  double running_min = 1;
  for (size_t i = m; i-- > 0;) {
    double value = p[order[i]] * m / (i + 1);
    running_min = std::min(running_min, value);
    adjusted[order[i]] = running_min;
  }
  return adjusted;
}

}  // namespace reslab::stats
