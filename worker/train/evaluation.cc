#include "worker/train/evaluation.h"

#include <torch/nn/functional/loss.h>

#include "worker/train/calibration.h"

namespace reslab::train {

Evaluation Evaluate(model::Gpt& model, const torch::Tensor& windows, int64_t batch_size,
                    const torch::Device& device) {
  TORCH_CHECK(batch_size > 0, "evaluation batch size must be positive");
  torch::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();

  const int64_t count = windows.size(0);
  const int64_t block = windows.size(1) - 1;
  const int64_t vocab = model->options().vocab_size;
  namespace F = torch::nn::functional;
  torch::Tensor loss_sum = torch::zeros({}, torch::TensorOptions(device).dtype(torch::kFloat64));
  CalibrationHistogram calibration;
  for (int64_t start = 0; start < count; start += batch_size) {
    const int64_t rows = std::min(batch_size, count - start);
    const torch::Tensor chunk = windows.narrow(0, start, rows).to(device);
    const torch::Tensor logits = model->forward(chunk.narrow(1, 0, block)).reshape({-1, vocab});
    const torch::Tensor targets = chunk.narrow(1, 1, block).reshape({-1});
    loss_sum += F::cross_entropy(logits, targets, F::CrossEntropyFuncOptions().reduction(torch::kSum))
                    .to(torch::kFloat64);
    calibration.AddLogits(logits, targets);
  }

  if (was_training) model->train();
  Evaluation evaluation;
  evaluation.loss = loss_sum.item<double>() / static_cast<double>(count * block);
  evaluation.ece = calibration.ExpectedCalibrationError();
  return evaluation;
}

}  // namespace reslab::train
