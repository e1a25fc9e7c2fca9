#include "worker/train/calibration.h"

#include <cmath>

namespace reslab::train {

void CalibrationHistogram::Add(const torch::Tensor& confidence, const torch::Tensor& correct) {
  TORCH_CHECK(confidence.dim() == 1 && correct.dim() == 1 && confidence.size(0) == correct.size(0),
              "CalibrationHistogram::Add needs two 1-D tensors of the same length");
  const torch::Tensor conf = confidence.to(torch::kFloat64);
  const torch::Tensor hit = correct.ne(0).to(torch::kFloat64);
  const torch::Tensor bins =
      (conf * kCalibrationBins).ceil().sub(1).clamp(0, kCalibrationBins - 1).to(torch::kInt64);
  const torch::Tensor counts = torch::bincount(bins, {}, kCalibrationBins).cpu();
  const torch::Tensor conf_sums = torch::bincount(bins, conf, kCalibrationBins).cpu();
  const torch::Tensor hit_sums = torch::bincount(bins, hit, kCalibrationBins).cpu();
  for (int k = 0; k < kCalibrationBins; ++k) {
    counts_[k] += counts[k].item<int64_t>();
    confidence_sums_[k] += conf_sums[k].item<double>();
    correct_sums_[k] += hit_sums[k].item<double>();
  }
}

void CalibrationHistogram::AddLogits(const torch::Tensor& logits, const torch::Tensor& targets) {
  const torch::Tensor flat = logits.reshape({-1, logits.size(-1)}).to(torch::kFloat32);
  const auto [confidence, prediction] = flat.softmax(-1).max(-1);
  Add(confidence, prediction.eq(targets.reshape({-1})));
}

double CalibrationHistogram::ExpectedCalibrationError() const {
  const int64_t total = count();
  if (total == 0) return 0.0;
  double ece = 0.0;
  for (int k = 0; k < kCalibrationBins; ++k) {
    if (counts_[k] == 0) continue;
    const double n = static_cast<double>(counts_[k]);
    ece += (n / static_cast<double>(total)) *
           std::abs(correct_sums_[k] / n - confidence_sums_[k] / n);
  }
  return ece;
}

int64_t CalibrationHistogram::count() const {
  int64_t total = 0;
  for (const int64_t n : counts_) total += n;
  return total;
}

}  // namespace reslab::train
