#include "stats/trend.h"

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::CaseLabel;
using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

TEST(LeastSquaresSlope, MatchesScipyLinregress) {
  nlohmann::json vectors = LoadVectors("slope.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    SlopeResult result = LeastSquaresSlope(Doubles(test_case["x"]), Doubles(test_case["y"]));
    if (!test_case["defined"]) {
      EXPECT_FALSE(result.defined);
      EXPECT_FALSE(result.reason.empty());
      continue;
    }
    ASSERT_TRUE(result.defined) << result.reason;
    EXPECT_TRUE(RelativelyNear(result.slope, test_case["slope"]));
    EXPECT_TRUE(RelativelyNear(result.intercept, test_case["intercept"]));
    EXPECT_TRUE(RelativelyNear(result.se, test_case["se"]));
    EXPECT_TRUE(RelativelyNear(result.t, test_case["t"]));
    EXPECT_TRUE(RelativelyNear(result.df, test_case["df"]));
    EXPECT_TRUE(RelativelyNear(result.p_two_sided, test_case["p_two_sided"]));
    EXPECT_TRUE(RelativelyNear(result.p_one_sided, test_case["p_one_sided"]));
  }
}

TEST(LeastSquaresSlope, PerfectLine) {
  SlopeResult result = LeastSquaresSlope({1, 2, 3, 4}, {2, 4, 6, 8});
  ASSERT_TRUE(result.defined);
  EXPECT_DOUBLE_EQ(result.slope, 2);
  EXPECT_EQ(result.se, 0);
  EXPECT_EQ(result.p_one_sided, 0);
}

TEST(LeastSquaresSlope, FlatLine) {
  SlopeResult result = LeastSquaresSlope({1, 2, 3}, {5, 5, 5});
  ASSERT_TRUE(result.defined);
  EXPECT_EQ(result.slope, 0);
  EXPECT_EQ(result.t, 0);
  EXPECT_EQ(result.p_two_sided, 1);
}

}  // namespace
}  // namespace reslab::stats
