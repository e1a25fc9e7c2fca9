#include "stats/permutation.h"

#include <cmath>

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::CaseLabel;
using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

TEST(SignFlipPermutation, MatchesScipyVectors) {
  nlohmann::json vectors = LoadVectors("permutation.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    PermutationResult result = SignFlipPermutationTest(
        Doubles(test_case["differences"]), ParseAlternative(test_case["alternative"]));
    if (!test_case["defined"]) {
      EXPECT_FALSE(result.defined);
      EXPECT_FALSE(result.reason.empty());
      continue;
    }
    ASSERT_TRUE(result.defined) << result.reason;
    EXPECT_TRUE(result.exact);
    EXPECT_EQ(result.draws, test_case["draws"]);
    EXPECT_TRUE(RelativelyNear(result.statistic, test_case["statistic"]));
    EXPECT_TRUE(RelativelyNear(result.p, test_case["p"]));
  }
}

TEST(SignFlipPermutation, ThreePairsMinimumP) {
  PermutationResult result = SignFlipPermutationTest({0.01, 0.02, 0.015});
  EXPECT_DOUBLE_EQ(result.p, 0.25);
  EXPECT_DOUBLE_EQ(result.min_attainable_p, 0.25);
}

// Differences far from zero, so the exact p (2 / 2^n) is far below anything Monte Carlo
// noise could produce and the estimate must be its floor, 2 / (draws + 1).
TEST(SignFlipPermutation, MonteCarloBeyondExactLimit) {
  std::vector<double> differences;
  for (int i = 0; i < 24; ++i) differences.push_back(1.0 + 0.01 * i);
  PermutationOptions options;
  options.monte_carlo_draws = 20000;
  PermutationResult result = SignFlipPermutationTest(differences, Alternative::kTwoSided, options);
  ASSERT_TRUE(result.defined);
  EXPECT_FALSE(result.exact);
  EXPECT_EQ(result.draws, 20000);
  EXPECT_EQ(result.seed, options.seed);
  EXPECT_DOUBLE_EQ(result.p, 2.0 / 20001);
}

// With mixed signs the Monte Carlo p must land near the exact one: 20 differences are still
// enumerable, so force Monte Carlo by lowering the exact limit.
TEST(SignFlipPermutation, MonteCarloAgreesWithExact) {
  std::vector<double> differences = {0.3, -0.1, 0.25, 0.4, -0.05, 0.2, -0.3, 0.15,
                                     0.05, -0.2, 0.1, 0.35, -0.15, 0.22};
  double exact = SignFlipPermutationTest(differences).p;
  PermutationOptions options;
  options.max_exact_pairs = 10;
  options.monte_carlo_draws = 200000;
  PermutationResult estimate =
      SignFlipPermutationTest(differences, Alternative::kTwoSided, options);
  ASSERT_FALSE(estimate.exact);
  // Binomial standard error of the estimate is below 0.0012 for any p; 5 of them.
  EXPECT_NEAR(estimate.p, exact, 0.006);
  // The same seed gives the same draws.
  EXPECT_EQ(SignFlipPermutationTest(differences, Alternative::kTwoSided, options).p, estimate.p);
}

}  // namespace
}  // namespace reslab::stats
