// One optimizer step's forward and backward passes, split into micro-batches.
#ifndef RESLAB_WORKER_TRAIN_TRAIN_STEP_H_
#define RESLAB_WORKER_TRAIN_TRAIN_STEP_H_

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "worker/model/gpt.h"

namespace reslab::train {

// Runs forward and backward over `windows` (int64 [batch, block_size + 1] on the model's
// device; inputs are columns 0..block_size-1, targets are shifted by one) in micro-batches of
// `micro_batch_size` rows, which must divide the batch. Adds to the parameters' gradients the
// gradient of the mean cross-entropy over the whole batch, and returns that mean.
// `before_micro_batch`, when set, is called with the micro-batch size before each forward pass.
double AccumulateGradients(model::Gpt& model, const torch::Tensor& windows,
                           int64_t micro_batch_size,
                           const std::function<void(int64_t)>& before_micro_batch = {});

// Euclidean norm of the gradients of `parameters` (those without a gradient count as zero).
double GradientNorm(const std::vector<torch::Tensor>& parameters);

// True for a CUDA out-of-memory error: c10::OutOfMemoryError, or a c10::Error whose message
// contains "out of memory" (some allocator paths raise the plain type).
bool IsOutOfMemory(const std::exception& error);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_TRAIN_STEP_H_
