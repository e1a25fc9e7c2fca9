#include "stats/power.h"

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::LoadVectors;
using testing::RelativelyNear;

TEST(PairsForPower, MatchesScipyNoncentralT) {
  nlohmann::json vectors = LoadVectors("power.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    double d_z = test_case["d_z"];
    double alpha = test_case["alpha"];
    Alternative alternative = ParseAlternative(test_case["alternative"]);
    SCOPED_TRACE("d_z " + std::to_string(d_z) + ", " + AlternativeName(alternative));

    PowerResult result = PairsForPower(d_z, alpha, test_case["target_power"], alternative);
    ASSERT_TRUE(result.defined) << result.reason;
    EXPECT_EQ(result.pairs_needed, test_case["pairs_needed"]);
    EXPECT_TRUE(RelativelyNear(result.achieved_power, test_case["power_at_needed"]));
    EXPECT_TRUE(RelativelyNear(PairedTTestPower(d_z, 10, alpha, alternative),
                               test_case["power_at_10"]));
    if (!test_case["power_one_below"].is_null()) {
      EXPECT_TRUE(RelativelyNear(PairedTTestPower(d_z, result.pairs_needed - 1, alpha, alternative),
                                 test_case["power_one_below"]));
    }
  }
}

TEST(PairsForPower, UndefinedCases) {
  EXPECT_EQ(PairsForPower(0, 0.05).reason, "observed effect is zero");
  EXPECT_FALSE(PairsForPower(-0.5, 0.05, 0.8, Alternative::kGreater).defined);
  PowerResult too_many = PairsForPower(0.01, 0.05, 0.8, Alternative::kTwoSided, 1000);
  EXPECT_FALSE(too_many.defined);
  EXPECT_EQ(too_many.reason, "more than 1000 pairs needed");
}

}  // namespace
}  // namespace reslab::stats
