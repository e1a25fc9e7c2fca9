#include "stats/p_adjust.h"

#include <cmath>

#include <gtest/gtest.h>

#include "tests/stats/vector_file.h"

namespace reslab::stats {
namespace {

using testing::CaseLabel;
using testing::Doubles;
using testing::LoadVectors;
using testing::RelativelyNear;

TEST(AdjustPValues, MatchesVectors) {
  nlohmann::json vectors = LoadVectors("p_adjust.json");
  for (const nlohmann::json& test_case : vectors["cases"]) {
    SCOPED_TRACE(CaseLabel(test_case));
    std::vector<double> adjusted =
        AdjustPValues(Doubles(test_case["p"]), ParseCorrection(test_case["method"]));
    std::vector<double> expected = Doubles(test_case["adjusted"]);
    ASSERT_EQ(adjusted.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_TRUE(RelativelyNear(adjusted[i], expected[i])) << "index " << i;
    }
  }
}

TEST(AdjustPValues, NoneKeepsValues) {
  std::vector<double> p = {0.01, 0.2, 0.03};
  EXPECT_EQ(AdjustPValues(p, Correction::kNone), p);
}

TEST(AdjustPValues, RejectsInvalidP) {
  EXPECT_THROW(AdjustPValues({0.1, 1.5}, Correction::kHolm), std::invalid_argument);
  EXPECT_THROW(AdjustPValues({std::nan("")}, Correction::kBenjaminiHochberg),
               std::invalid_argument);
}

TEST(ParseCorrection, NamesRoundTrip) {
  for (Correction correction :
       {Correction::kHolm, Correction::kBenjaminiHochberg, Correction::kNone}) {
    EXPECT_EQ(ParseCorrection(CorrectionName(correction)), correction);
  }
  EXPECT_THROW(ParseCorrection("bonferroni"), std::invalid_argument);
}

}  // namespace
}  // namespace reslab::stats
