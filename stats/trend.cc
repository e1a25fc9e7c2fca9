#include "stats/trend.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

namespace reslab::stats {

SlopeResult LeastSquaresSlope(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) {
    throw std::invalid_argument("slope needs x and y of equal size, got " +
                                std::to_string(x.size()) + " and " + std::to_string(y.size()));
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  SlopeResult result;
  result.n = static_cast<int>(x.size());
  result.slope = result.intercept = result.se = result.t = result.df = kNaN;
  result.p_one_sided = result.p_two_sided = kNaN;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      result.reason = "a point is not finite";
      return result;
    }
  }
  if (result.n < 3) {
    result.reason = "needs at least 3 points, got " + std::to_string(result.n);
    return result;
  }
  if (std::set<double>(x.begin(), x.end()).size() < 2) {
    result.reason = "every point has the same x";
    return result;
  }

  double x_mean = 0;
  double y_mean = 0;
  for (int i = 0; i < result.n; ++i) {
    x_mean += x[i];
    y_mean += y[i];
  }
  x_mean /= result.n;
  y_mean /= result.n;
  double sxx = 0;
  double sxy = 0;
  for (int i = 0; i < result.n; ++i) {
    sxx += (x[i] - x_mean) * (x[i] - x_mean);
    sxy += (x[i] - x_mean) * (y[i] - y_mean);
  }
  result.slope = sxy / sxx;
  result.intercept = y_mean - result.slope * x_mean;

  double residual_squares = 0;
  for (int i = 0; i < result.n; ++i) {
    double residual = y[i] - result.intercept - result.slope * x[i];
    residual_squares += residual * residual;
  }
  result.df = result.n - 2;
  result.se = std::sqrt(residual_squares / result.df / sxx);
  result.defined = true;

  boost::math::students_t distribution(result.df);
  if (result.se == 0) {
    // Every point on the line: a flat line has no evidence either way, any other slope is
    // certain.
    if (result.slope == 0) {
      result.t = 0;
      result.p_one_sided = 0.5;
      result.p_two_sided = 1;
    } else {
      result.t = std::copysign(std::numeric_limits<double>::infinity(), result.slope);
      result.p_one_sided = result.slope > 0 ? 0 : 1;
      result.p_two_sided = 0;
    }
    return result;
  }
  result.t = result.slope / result.se;
  result.p_one_sided = boost::math::cdf(boost::math::complement(distribution, result.t));
  result.p_two_sided = std::min(
      1.0, 2 * boost::math::cdf(boost::math::complement(distribution, std::fabs(result.t))));
  return result;
}

}  // namespace reslab::stats
