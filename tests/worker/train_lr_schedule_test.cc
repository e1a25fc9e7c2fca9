#include "worker/train/lr_schedule.h"

#include <gtest/gtest.h>

namespace reslab::train {
namespace {

// Peak 1e-3, 100 warmup steps, 1100 steps in all: the cosine runs over steps 100..1100.
constexpr double kPeak = 1e-3;

TEST(LearningRate, StartsAtOneWarmupStep) {
  EXPECT_DOUBLE_EQ(LearningRate(0, kPeak, 100, 1100), 1e-5);
  EXPECT_DOUBLE_EQ(LearningRate(49, kPeak, 100, 1100), 5e-4);
}

TEST(LearningRate, ReachesPeakAtEndOfWarmup) {
  EXPECT_DOUBLE_EQ(LearningRate(99, kPeak, 100, 1100), kPeak);
  EXPECT_DOUBLE_EQ(LearningRate(100, kPeak, 100, 1100), kPeak);
}

TEST(LearningRate, IsHalfwayBetweenPeakAndFloorMidway) {
  // 0.1 * peak + 0.9 * peak * (1 + cos(pi / 2)) / 2 = 0.55 * peak.
  EXPECT_NEAR(LearningRate(600, kPeak, 100, 1100), 0.55 * kPeak, 1e-15);
  // A quarter of the way: 0.1 + 0.9 * (1 + cos(pi / 4)) / 2.
  EXPECT_NEAR(LearningRate(350, kPeak, 100, 1100), kPeak * (0.1 + 0.45 * (1 + std::sqrt(0.5))),
              1e-15);
}

TEST(LearningRate, EndsAtTenPercentOfPeak) {
  EXPECT_NEAR(LearningRate(1100, kPeak, 100, 1100), 1e-4, 1e-15);
  EXPECT_GT(LearningRate(1099, kPeak, 100, 1100), 1e-4);
  EXPECT_NEAR(LearningRate(1099, kPeak, 100, 1100), 1e-4, 1e-8);
}

TEST(LearningRate, WithoutWarmupStartsAtPeak) {
  EXPECT_DOUBLE_EQ(LearningRate(0, kPeak, 0, 10), kPeak);
}

TEST(LearningRate, WarmupLongerThanRunIsCapped) {
  EXPECT_DOUBLE_EQ(LearningRate(0, kPeak, 500, 10), 1e-4);
  EXPECT_DOUBLE_EQ(LearningRate(9, kPeak, 500, 10), kPeak);
}

}  // namespace
}  // namespace reslab::train
