#include "stats/verdict.h"

#include <gtest/gtest.h>

namespace reslab::stats {
namespace {

SlopeResult Slope(double slope, double p_one_sided) {
  SlopeResult result;
  result.defined = true;
  result.slope = slope;
  result.p_one_sided = p_one_sided;
  return result;
}

ConfigOutcome Outcome(const std::string& config, bool significant, double mean_gap) {
  return ConfigOutcome{config, true, significant, mean_gap};
}

TEST(DecideVerdict, EmergenceNeedsSignificantSlope) {
  std::vector<ConfigOutcome> outcomes = {Outcome("S", false, 0.001), Outcome("M", true, 0.01),
                                         Outcome("L", true, 0.02)};
  Verdict rising = DecideVerdict(outcomes, Slope(0.01, 0.001), 0.05, "review", "highway");
  EXPECT_EQ(rising.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(rising.emergence_config, "M");
  Verdict flat = DecideVerdict(outcomes, Slope(0.01, 0.2), 0.05, "review", "highway");
  EXPECT_EQ(flat.label, VerdictLabel::kInconclusive);
  EXPECT_EQ(flat.emergence_config, "M");
}

TEST(DecideVerdict, EmergenceMustStaySignificant) {
  // Significant at M, not at L: the advantage does not stay, so there is no emergence config.
  std::vector<ConfigOutcome> outcomes = {Outcome("S", false, 0.001), Outcome("M", true, 0.01),
                                         Outcome("L", false, 0.02), Outcome("XL", true, 0.03)};
  Verdict verdict = DecideVerdict(outcomes, Slope(0.01, 0.001), 0.05, "review", "highway");
  EXPECT_EQ(verdict.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(verdict.emergence_config, "XL");
}

TEST(DecideVerdict, UntestedConfigsIgnored) {
  std::vector<ConfigOutcome> outcomes = {Outcome("S", true, 0.02), Outcome("L", true, 0.02)};
  outcomes.push_back(ConfigOutcome{"XL", false, false, 0.05});
  Verdict verdict = DecideVerdict(outcomes, Slope(0, 0.5), 0.05, "review", "highway");
  EXPECT_EQ(verdict.label, VerdictLabel::kUniformAdvantage);
  EXPECT_EQ(verdict.emergence_config, "S");
}

TEST(DecideVerdict, SlopeAloneIsInconclusive) {
  std::vector<ConfigOutcome> outcomes = {Outcome("S", false, -0.001), Outcome("L", false, 0.004)};
  Verdict verdict = DecideVerdict(outcomes, Slope(0.002, 0.01), 0.05, "review", "highway");
  EXPECT_EQ(verdict.label, VerdictLabel::kInconclusive);
  EXPECT_NE(verdict.reason.find("no config shows a significant gap"), std::string::npos)
      << verdict.reason;
}

TEST(DecideVerdict, NothingTested) {
  Verdict verdict = DecideVerdict({ConfigOutcome{"S", false, false, 0}}, SlopeResult{}, 0.05,
                                  "review", "highway");
  EXPECT_EQ(verdict.label, VerdictLabel::kInconclusive);
}

TEST(CombineVerdicts, AgreementKeepsLabelAndLatestEmergence) {
  Verdict highway{VerdictLabel::kEmergesWithScale, "a.", "M"};
  Verdict standard{VerdictLabel::kEmergesWithScale, "b.", "L"};
  Verdict combined =
      CombineVerdicts({"highway", "standard"}, {highway, standard}, {"S", "M", "L"});
  EXPECT_EQ(combined.label, VerdictLabel::kEmergesWithScale);
  EXPECT_EQ(combined.emergence_config, "L");
  EXPECT_EQ(combined.reason, "a. b.");
}

TEST(CombineVerdicts, DisagreementIsInconclusive) {
  Verdict highway{VerdictLabel::kEmergesWithScale, "a.", "M"};
  Verdict standard{VerdictLabel::kNoAdvantage, "b.", ""};
  Verdict combined =
      CombineVerdicts({"highway", "standard"}, {highway, standard}, {"S", "M", "L"});
  EXPECT_EQ(combined.label, VerdictLabel::kInconclusive);
  EXPECT_NE(combined.reason.find("highway emerges_with_scale, standard no_advantage"),
            std::string::npos)
      << combined.reason;
  EXPECT_EQ(combined.emergence_config, "");
}

TEST(VerdictLabelName, AllLabels) {
  EXPECT_EQ(VerdictLabelName(VerdictLabel::kEmergesWithScale), "emerges_with_scale");
  EXPECT_EQ(VerdictLabelName(VerdictLabel::kUniformAdvantage), "uniform_advantage");
  EXPECT_EQ(VerdictLabelName(VerdictLabel::kNoAdvantage), "no_advantage");
  EXPECT_EQ(VerdictLabelName(VerdictLabel::kDisadvantage), "disadvantage");
  EXPECT_EQ(VerdictLabelName(VerdictLabel::kInconclusive), "inconclusive");
}

}  // namespace
}  // namespace reslab::stats
