#include "stats/wilcoxon.h"

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::CaseLabel;
using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

TEST(Wilcoxon, MatchesScipyVectors) {
  nlohmann::json vectors = LoadVectors("wilcoxon.json");
  int exact_cases = 0;
  int approximate_cases = 0;
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    WilcoxonResult result = WilcoxonSignedRank(Doubles(test_case["differences"]),
                                               ParseAlternative(test_case["alternative"]));
    if (!test_case["defined"]) {
      EXPECT_FALSE(result.defined);
      EXPECT_FALSE(result.reason.empty());
      continue;
    }
    ASSERT_TRUE(result.defined) << result.reason;
    bool exact = test_case["method"] == "exact";
    EXPECT_EQ(result.method, exact ? WilcoxonMethod::kExact : WilcoxonMethod::kNormalApproximation);
    EXPECT_TRUE(RelativelyNear(result.statistic, test_case["statistic"]));
    EXPECT_TRUE(RelativelyNear(result.p, test_case["p"]));
    EXPECT_EQ(result.n_used, test_case["n_used"]);
    EXPECT_EQ(result.n_zeros, test_case["n_zeros"]);
    EXPECT_EQ(result.has_ties, test_case["has_ties"]);
    if (test_case.contains("min_attainable_p")) {
      EXPECT_TRUE(RelativelyNear(result.min_attainable_p, test_case["min_attainable_p"]));
    }
    (exact ? exact_cases : approximate_cases)++;
  }
  EXPECT_GE(exact_cases, 10);
  EXPECT_GE(approximate_cases, 6);
}

TEST(Wilcoxon, ThreePairsCannotReachAlpha) {
  WilcoxonResult result = WilcoxonSignedRank({0.01, 0.02, 0.015});
  ASSERT_TRUE(result.defined);
  EXPECT_DOUBLE_EQ(result.p, 0.25);
  EXPECT_DOUBLE_EQ(result.min_attainable_p, 0.25);
  EXPECT_TRUE(result.cannot_reach_alpha);
  EXPECT_NE(result.note.find("cannot reach alpha"), std::string::npos) << result.note;
}

TEST(Wilcoxon, SixPairsCanReachAlpha) {
  WilcoxonResult result = WilcoxonSignedRank({1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(result.defined);
  EXPECT_DOUBLE_EQ(result.p, 2.0 / 64);
  EXPECT_FALSE(result.cannot_reach_alpha);
}

TEST(Wilcoxon, TiesSwitchToApproximation) {
  WilcoxonResult result = WilcoxonSignedRank({0.5, -0.5, 1.0, 1.0, 2.0});
  ASSERT_TRUE(result.defined);
  EXPECT_EQ(result.method, WilcoxonMethod::kNormalApproximation);
  EXPECT_NE(result.note.find("tied differences"), std::string::npos) << result.note;
}

TEST(Wilcoxon, ZerosAreDropped) {
  WilcoxonResult result = WilcoxonSignedRank({0.0, 0.3, 0.1, 0.0, 0.2});
  ASSERT_TRUE(result.defined);
  EXPECT_EQ(result.n_used, 3);
  EXPECT_EQ(result.n_zeros, 2);
  EXPECT_EQ(result.method, WilcoxonMethod::kNormalApproximation);
}

}  // namespace
}  // namespace reslab::stats
