#include "stats/t_tests.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "stats/descriptive.h"

namespace reslab::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool AllFinite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

TTestResult Undefined(const std::string& reason) {
  TTestResult result;
  result.reason = reason;
  result.t = result.df = result.p = kNaN;
  result.mean_difference = result.se = result.ci_low = result.ci_high = kNaN;
  return result;
}

// Fills t, p and the interval from a difference, its standard error and df.
TTestResult FromEstimate(double difference, double se, double df, Alternative alternative,
                         double confidence) {
  boost::math::students_t distribution(df);
  TTestResult result;
  result.defined = true;
  result.mean_difference = difference;
  result.se = se;
  result.df = df;
  result.t = difference / se;
  switch (alternative) {
    case Alternative::kTwoSided:
      result.p = 2 * boost::math::cdf(boost::math::complement(distribution, std::fabs(result.t)));
      break;
    case Alternative::kGreater:
      result.p = boost::math::cdf(boost::math::complement(distribution, result.t));
      break;
    case Alternative::kLess:
      result.p = boost::math::cdf(distribution, result.t);
      break;
  }
  result.p = std::min(1.0, result.p);

  double critical = boost::math::quantile(distribution, 0.5 + confidence / 2);
  result.ci_low = difference - critical * se;
  result.ci_high = difference + critical * se;
  return result;
}

void CheckConfidence(double confidence) {
  if (!(confidence > 0 && confidence < 1)) {
    throw std::invalid_argument("invalid confidence " + std::to_string(confidence) +
                                ": expected a value in (0, 1)");
  }
}

}  // namespace

TTestResult OneSampleTTest(const std::vector<double>& differences, Alternative alternative,
                           double confidence) {
  CheckConfidence(confidence);
  if (!AllFinite(differences)) return Undefined("a difference is not finite");
  if (differences.size() < 2) {
    return Undefined("needs at least 2 pairs, got " + std::to_string(differences.size()));
  }
  if (HasZeroSpread(differences)) return Undefined("all differences are equal (zero variance)");
  Summary summary = Summarize(differences);
  double se = summary.sd / std::sqrt(static_cast<double>(summary.n));
  return FromEstimate(summary.mean, se, summary.n - 1, alternative, confidence);
}

TTestResult PairedTTest(const std::vector<double>& x, const std::vector<double>& y,
                        Alternative alternative, double confidence) {
  if (x.size() != y.size()) {
    throw std::invalid_argument("paired t test needs samples of equal size, got " +
                                std::to_string(x.size()) + " and " + std::to_string(y.size()));
  }
  std::vector<double> differences(x.size());
  for (size_t i = 0; i < x.size(); ++i) differences[i] = x[i] - y[i];
  return OneSampleTTest(differences, alternative, confidence);
}

TTestResult WelchTTest(const std::vector<double>& x, const std::vector<double>& y,
                       Alternative alternative, double confidence) {
  CheckConfidence(confidence);
  if (!AllFinite(x) || !AllFinite(y)) return Undefined("a value is not finite");
  if (x.size() < 2 || y.size() < 2) {
    return Undefined("needs at least 2 runs in each arm, got " + std::to_string(x.size()) +
                     " and " + std::to_string(y.size()));
  }
  Summary sx = Summarize(x);
  Summary sy = Summarize(y);
  double vx = sx.sd * sx.sd / sx.n;  // Squared standard error of each mean.
  double vy = sy.sd * sy.sd / sy.n;
  if (HasZeroSpread(x) && HasZeroSpread(y)) return Undefined("both arms have zero variance");

  // Welch–Satterthwaite approximation of the degrees of freedom.
  double df = (vx + vy) * (vx + vy) / (vx * vx / (sx.n - 1) + vy * vy / (sy.n - 1));
  return FromEstimate(sx.mean - sy.mean, std::sqrt(vx + vy), df, alternative, confidence);
}

EffectSize CohensDz(const std::vector<double>& differences) {
  EffectSize effect;
  effect.value = kNaN;
  if (!AllFinite(differences)) {
    effect.reason = "a difference is not finite";
    return effect;
  }
  if (differences.size() < 2) {
    effect.reason = "needs at least 2 pairs, got " + std::to_string(differences.size());
    return effect;
  }
  if (HasZeroSpread(differences)) {
    effect.reason = "all differences are equal (zero variance)";
    return effect;
  }
  Summary summary = Summarize(differences);
  effect.defined = true;
  effect.value = summary.mean / summary.sd;
  return effect;
}

}  // namespace reslab::stats
