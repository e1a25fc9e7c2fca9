#include "worker/train/calibration.h"

#include <gtest/gtest.h>

#include <cmath>

namespace reslab::train {
namespace {

torch::Tensor Doubles(std::vector<double> values) {
  return torch::tensor(values, torch::kFloat64);
}

TEST(CalibrationHistogram, MatchesHandComputedEce) {
  // Bins are 1/15 = 0.0667 wide. Four predictions:
  //   0.95 (bin 14) correct, 0.97 (bin 14) wrong -> accuracy 0.5, confidence 0.96, gap 0.46
  //   0.30 (bin 4) correct                         -> gap 0.70
  //   0.62 (bin 9) wrong                           -> gap 0.62
  // ECE = (2 * 0.46 + 0.70 + 0.62) / 4 = 0.56.
  CalibrationHistogram histogram;
  histogram.Add(Doubles({0.95, 0.97, 0.30, 0.62}), torch::tensor({1, 0, 1, 0}));
  EXPECT_EQ(histogram.count(), 4);
  EXPECT_NEAR(histogram.ExpectedCalibrationError(), 0.56, 1e-12);
}

TEST(CalibrationHistogram, SeparatesNeighbouringBins) {
  // 0.70 falls in bin 10 (0.667, 0.733], 0.75 in bin 11 (0.733, 0.8]. In one bin they would
  // average to accuracy 0.5 against confidence 0.725 (ECE 0.225); apart the ECE is
  // (0.30 + 0.75) / 2 = 0.525.
  CalibrationHistogram histogram;
  histogram.Add(Doubles({0.70, 0.75}), torch::tensor({1, 0}));
  EXPECT_NEAR(histogram.ExpectedCalibrationError(), 0.525, 1e-12);
}

TEST(CalibrationHistogram, AccumulatesAcrossCalls) {
  CalibrationHistogram split;
  split.Add(Doubles({0.95, 0.30}), torch::tensor({1, 1}));
  split.Add(Doubles({0.97, 0.62}), torch::tensor({0, 0}));
  EXPECT_NEAR(split.ExpectedCalibrationError(), 0.56, 1e-12);
}

TEST(CalibrationHistogram, PerfectCalibrationIsZero) {
  // Confidence 0.5 and half right in the same bin.
  CalibrationHistogram histogram;
  histogram.Add(Doubles({0.5, 0.5, 0.5, 0.5}), torch::tensor({1, 0, 1, 0}));
  EXPECT_NEAR(histogram.ExpectedCalibrationError(), 0.0, 1e-12);
  EXPECT_EQ(CalibrationHistogram().ExpectedCalibrationError(), 0.0);
}

TEST(CalibrationHistogram, ReadsTopOnePredictionsFromLogits) {
  // Row 0: softmax(log 3, 0) = (0.75, 0.25), predicts 0, target 0 -> correct at 0.75.
  // Row 1: softmax(0, log 9) = (0.1, 0.9), predicts 1, target 0 -> wrong at 0.9.
  // Bins 11 and 13: ECE = (0.25 + 0.9) / 2 = 0.575.
  const torch::Tensor logits =
      torch::tensor({std::log(3.0), 0.0, 0.0, std::log(9.0)}, torch::kFloat32).reshape({1, 2, 2});
  const torch::Tensor targets = torch::tensor({0, 0}, torch::kInt64).reshape({1, 2});
  CalibrationHistogram histogram;
  histogram.AddLogits(logits, targets);
  EXPECT_EQ(histogram.count(), 2);
  EXPECT_NEAR(histogram.ExpectedCalibrationError(), 0.575, 1e-6);
}

}  // namespace
}  // namespace reslab::train
