#include "worker/train/train_step.h"

#include <c10/util/Exception.h>
#include <torch/nn/functional/loss.h>

#include <cmath>
#include <cstring>

namespace reslab::train {

double AccumulateGradients(model::Gpt& model, const torch::Tensor& windows,
                           int64_t micro_batch_size,
                           const std::function<void(int64_t)>& before_micro_batch) {
  const int64_t batch = windows.size(0);
  const int64_t block = windows.size(1) - 1;
  TORCH_CHECK(micro_batch_size > 0 && batch % micro_batch_size == 0, "micro-batch size ",
              micro_batch_size, " does not divide the batch of ", batch);
  const int64_t vocab = model->options().vocab_size;
  // Each micro-batch's mean loss is scaled by its share of the batch, so the accumulated
  // gradient is the gradient of the batch mean.
  const double scale = static_cast<double>(micro_batch_size) / static_cast<double>(batch);

  torch::Tensor loss_sum = torch::zeros({}, windows.options().dtype(torch::kFloat32));
  for (int64_t start = 0; start < batch; start += micro_batch_size) {
    if (before_micro_batch) before_micro_batch(micro_batch_size);
    const torch::Tensor rows = windows.narrow(0, start, micro_batch_size);
    const torch::Tensor inputs = rows.narrow(1, 0, block);
    const torch::Tensor targets = rows.narrow(1, 1, block);
    const torch::Tensor logits = model->forward(inputs);
    const torch::Tensor loss =
        torch::nn::functional::cross_entropy(logits.reshape({-1, vocab}), targets.reshape({-1}));
    const torch::Tensor scaled = loss * scale;
    scaled.backward();
    loss_sum += scaled.detach();
  }
  return loss_sum.item<double>();
}

double GradientNorm(const std::vector<torch::Tensor>& parameters) {
  double squared = 0.0;
  for (const torch::Tensor& parameter : parameters) {
    const torch::Tensor& grad = parameter.grad();
    if (!grad.defined()) continue;
    const double norm = grad.norm().item<double>();
    squared += norm * norm;
  }
  return std::sqrt(squared);
}

bool IsOutOfMemory(const std::exception& error) {
  if (dynamic_cast<const c10::OutOfMemoryError*>(&error) != nullptr) return true;
  return dynamic_cast<const c10::Error*>(&error) != nullptr &&
         std::strstr(error.what(), "out of memory") != nullptr;
}

}  // namespace reslab::train
