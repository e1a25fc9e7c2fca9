#include "stats/t_tests.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::CaseLabel;
using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

void ExpectMatches(const TTestResult& result, const nlohmann::json& expected) {
  ASSERT_TRUE(result.defined) << result.reason;
  EXPECT_TRUE(RelativelyNear(result.t, expected["t"]));
  EXPECT_TRUE(RelativelyNear(result.df, expected["df"]));
  EXPECT_TRUE(RelativelyNear(result.p, expected["p"]));
  EXPECT_TRUE(RelativelyNear(result.mean_difference, expected["mean_difference"]));
  EXPECT_TRUE(RelativelyNear(result.se, expected["se"]));
  if (!expected["ci_low"].is_null()) {
    EXPECT_TRUE(RelativelyNear(result.ci_low, expected["ci_low"]));
    EXPECT_TRUE(RelativelyNear(result.ci_high, expected["ci_high"]));
  }
}

TEST(PairedTTest, MatchesScipyVectors) {
  nlohmann::json vectors = LoadVectors("paired_t.json");
  int defined_cases = 0;
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    TTestResult result =
        PairedTTest(Doubles(test_case["x"]), Doubles(test_case["y"]),
                    ParseAlternative(test_case["alternative"]));
    if (test_case["defined"]) {
      ExpectMatches(result, test_case);
      ++defined_cases;
    } else {
      EXPECT_FALSE(result.defined);
      EXPECT_FALSE(result.reason.empty());
    }
  }
  EXPECT_GE(defined_cases, 10);
}

TEST(WelchTTest, MatchesScipyVectors) {
  nlohmann::json vectors = LoadVectors("welch_t.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    TTestResult result = WelchTTest(Doubles(test_case["x"]), Doubles(test_case["y"]),
                                    ParseAlternative(test_case["alternative"]));
    if (test_case["defined"]) {
      ExpectMatches(result, test_case);
    } else {
      EXPECT_FALSE(result.defined);
      EXPECT_FALSE(result.reason.empty());
    }
  }
}

TEST(PairedTTest, ReasonsForUndefinedCases) {
  EXPECT_EQ(PairedTTest({1.0}, {0.5}).reason, "needs at least 2 pairs, got 1");
  EXPECT_EQ(PairedTTest({1.5, 1.6, 1.7}, {1.4, 1.5, 1.6}).reason,
            "all differences are equal (zero variance)");
  TTestResult diverged =
      PairedTTest({1.0, std::numeric_limits<double>::infinity()}, {0.5, 0.6});
  EXPECT_FALSE(diverged.defined);
  EXPECT_EQ(diverged.reason, "a difference is not finite");
}

TEST(PairedTTest, RejectsUnequalSizes) {
  EXPECT_THROW(PairedTTest({1.0, 2.0}, {1.0}), std::invalid_argument);
}

TEST(PairedTTest, OneSidedHalvesTwoSided) {
  std::vector<double> x = {1.2, 1.5, 1.1, 1.4};
  std::vector<double> y = {1.0, 1.1, 1.05, 1.2};
  double two_sided = PairedTTest(x, y).p;
  EXPECT_TRUE(RelativelyNear(PairedTTest(x, y, Alternative::kGreater).p, two_sided / 2));
  EXPECT_TRUE(RelativelyNear(PairedTTest(x, y, Alternative::kLess).p, 1 - two_sided / 2));
}

TEST(CohensDz, MatchesVectors) {
  nlohmann::json vectors = LoadVectors("cohens_dz.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    EffectSize effect = CohensDz(Doubles(test_case["differences"]));
    if (test_case["defined"]) {
      ASSERT_TRUE(effect.defined) << effect.reason;
      EXPECT_TRUE(RelativelyNear(effect.value, test_case["value"]));
    } else {
      EXPECT_FALSE(effect.defined);
      EXPECT_FALSE(effect.reason.empty());
    }
  }
}

}  // namespace
}  // namespace reslab::stats
