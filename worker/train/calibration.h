// Expected calibration error (ECE) of top-1 predictions over 15 equal-width confidence bins.
#ifndef RESLAB_WORKER_TRAIN_CALIBRATION_H_
#define RESLAB_WORKER_TRAIN_CALIBRATION_H_

#include <torch/types.h>

#include <array>
#include <cstdint>

namespace reslab::train {

inline constexpr int kCalibrationBins = 15;

// Accumulates predictions in bins of top-1 confidence. Bin k holds confidences in
// (k/15, (k+1)/15], and bin 0 also holds 0. ECE = sum over bins of
// (n_k / n) * |accuracy_k - mean confidence_k|.
class CalibrationHistogram {
 public:
  // confidence: 1-D floating tensor in [0, 1]; correct: 1-D tensor of the same length whose
  // nonzero entries mark correct predictions. Either may live on any device.
  void Add(const torch::Tensor& confidence, const torch::Tensor& correct);

  // Adds the top-1 predictions of logits [..., vocab] against targets [...] (int64).
  void AddLogits(const torch::Tensor& logits, const torch::Tensor& targets);

  // 0 when nothing was added.
  double ExpectedCalibrationError() const;
  int64_t count() const;

 private:
  std::array<int64_t, kCalibrationBins> counts_{};
  std::array<double, kCalibrationBins> confidence_sums_{};
  std::array<double, kCalibrationBins> correct_sums_{};
};

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_CALIBRATION_H_
