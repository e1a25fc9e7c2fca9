#include "stats/bootstrap.h"

#include <cmath>

#include <gtest/gtest.h>

#include "stats/descriptive.h"

namespace reslab::stats {
namespace {

const std::vector<double> kGaps = {0.0091, 0.0097, 0.0095, 0.0052, 0.0120, 0.0088, 0.0070};

TEST(PercentileBootstrap, SameSeedSameInterval) {
  BootstrapInterval first = PercentileBootstrapMean(kGaps);
  BootstrapInterval second = PercentileBootstrapMean(kGaps);
  ASSERT_TRUE(first.defined);
  EXPECT_EQ(first.low, second.low);
  EXPECT_EQ(first.high, second.high);
  EXPECT_EQ(first.resamples, 10000);
}

TEST(PercentileBootstrap, ContainsMeanWithinRange) {
  BootstrapInterval interval = PercentileBootstrapMean(kGaps);
  ASSERT_TRUE(interval.defined);
  double mean = Summarize(kGaps).mean;
  EXPECT_LT(interval.low, mean);
  EXPECT_GT(interval.high, mean);
  // A resampled mean can never leave the range of the data.
  EXPECT_GE(interval.low, 0.0052);
  EXPECT_LE(interval.high, 0.0120);
}

TEST(PercentileBootstrap, WiderAtHigherConfidence) {
  BootstrapOptions narrow;
  narrow.confidence = 0.5;
  BootstrapInterval at_50 = PercentileBootstrapMean(kGaps, narrow);
  BootstrapInterval at_95 = PercentileBootstrapMean(kGaps);
  EXPECT_LT(at_95.low, at_50.low);
  EXPECT_GT(at_95.high, at_50.high);
}

// For a mean of n values the bootstrap spread approaches the plug-in standard error
// sd · sqrt((n − 1) / n) / sqrt(n), so the 95% interval spans about ±1.96 of it.
TEST(PercentileBootstrap, WidthNearNormalTheory) {
  std::vector<double> values;
  for (int i = 0; i < 40; ++i) values.push_back((i * 37 % 40) / 10.0);
  BootstrapInterval interval = PercentileBootstrapMean(values);
  Summary summary = Summarize(values);
  double plug_in_se = summary.sd * std::sqrt(39.0 / 40) / std::sqrt(40.0);
  EXPECT_NEAR(interval.high - interval.low, 2 * 1.96 * plug_in_se, 0.1 * 2 * 1.96 * plug_in_se);
}

TEST(PercentileBootstrap, DifferentSeedDifferentInterval) {
  BootstrapOptions other;
  other.seed = 7;
  BootstrapInterval first = PercentileBootstrapMean(kGaps);
  BootstrapInterval second = PercentileBootstrapMean(kGaps, other);
  EXPECT_NE(first.low, second.low);
  EXPECT_EQ(second.seed, 7u);
}

TEST(PercentileBootstrap, UndefinedCases) {
  EXPECT_EQ(PercentileBootstrapMean({0.1}).reason, "needs at least 2 values, got 1");
  BootstrapInterval nan = PercentileBootstrapMean({0.1, std::nan("")});
  EXPECT_FALSE(nan.defined);
  EXPECT_EQ(nan.reason, "a value is not finite");
}

}  // namespace
}  // namespace reslab::stats
