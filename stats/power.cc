#include "stats/power.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace reslab::stats {

double PairedTTestPower(double d_z, int n, double alpha, Alternative alternative) {
  if (n < 2) throw std::invalid_argument("power needs n >= 2, got " + std::to_string(n));
  double df = n - 1;
  double noncentrality = d_z * std::sqrt(static_cast<double>(n));
  boost::math::students_t central(df);
  boost::math::non_central_t shifted(df, noncentrality);
  switch (alternative) {
    case Alternative::kGreater: {
      double critical = boost::math::quantile(boost::math::complement(central, alpha));
      return boost::math::cdf(boost::math::complement(shifted, critical));
    }
    case Alternative::kLess: {
      double critical = boost::math::quantile(central, alpha);
      return boost::math::cdf(shifted, critical);
    }
    case Alternative::kTwoSided:
      break;
  }
  double critical = boost::math::quantile(boost::math::complement(central, alpha / 2));
  return boost::math::cdf(boost::math::complement(shifted, critical)) +
         boost::math::cdf(shifted, -critical);
}

PowerResult PairsForPower(double d_z, double alpha, double target_power,
                          Alternative alternative, int max_pairs) {
  PowerResult result;
  if (!std::isfinite(d_z)) {
    result.reason = "effect size is not finite";
    return result;
  }
  if (d_z == 0) {
    result.reason = "observed effect is zero";
    return result;
  }
  if ((alternative == Alternative::kGreater && d_z < 0) ||
      (alternative == Alternative::kLess && d_z > 0)) {
    result.reason = "observed effect points away from the one-sided alternative";
    return result;
  }

  try {
    // Power grows with n for a fixed effect, so search by doubling, then bisect.
    int low = 1;  // Largest n known to fall short (n = 1 has no test).
    int high = 2;
    while (PairedTTestPower(d_z, high, alpha, alternative) < target_power) {
      if (high >= max_pairs) {
        result.reason = "more than " + std::to_string(max_pairs) + " pairs needed";
        return result;
      }
      low = high;
      high = std::min(max_pairs, high * 2);
    }
    while (high - low > 1) {
      int middle = low + (high - low) / 2;
      if (PairedTTestPower(d_z, middle, alpha, alternative) >= target_power) {
        high = middle;
      } else {
        low = middle;
      }
    }
    result.defined = true;
    result.pairs_needed = high;
    result.achieved_power = PairedTTestPower(d_z, high, alpha, alternative);
  } catch (const std::exception& error) {
    // Boost.Math raises evaluation_error when a series fails to converge.
    result.reason = std::string("power could not be computed: ") + error.what();
  }
  return result;
}

}  // namespace reslab::stats
