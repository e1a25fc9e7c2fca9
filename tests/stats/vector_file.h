#ifndef RESLAB_TESTS_STATS_VECTOR_FILE_H_
#define RESLAB_TESTS_STATS_VECTOR_FILE_H_

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "stats/alternative.h"

namespace reslab::stats::testing {

// Reads tests/stats/vectors/NAME (written by tests/stats/vectors/generate.py from SciPy).
nlohmann::json LoadVectors(const std::string& name);

// Numbers of a JSON array; null becomes NaN (the generator writes non-finite input as null).
std::vector<double> Doubles(const nlohmann::json& array);

// Agreement to 1e-6 relative, the accuracy promised for the SciPy vectors.
inline ::testing::AssertionResult RelativelyNear(double actual, double expected) {
  double tolerance = 1e-6 * std::fabs(expected) + 1e-15;
  if (std::fabs(actual - expected) <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "actual " << actual << " differs from expected " << expected << " by "
         << std::fabs(actual - expected) << " (tolerance " << tolerance << ")";
}

// A test case's name and alternative, for failure messages.
std::string CaseLabel(const nlohmann::json& test_case);

}  // namespace reslab::stats::testing

#endif  // RESLAB_TESTS_STATS_VECTOR_FILE_H_
