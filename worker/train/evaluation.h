// The final evaluation: validation cross-entropy and calibration over fixed windows.
#ifndef RESLAB_WORKER_TRAIN_EVALUATION_H_
#define RESLAB_WORKER_TRAIN_EVALUATION_H_

#include <torch/types.h>

#include <cstdint>

#include "worker/model/gpt.h"

namespace reslab::train {

struct Evaluation {
  // Mean cross-entropy in nats per predicted token.
  double loss = 0.0;
  // Expected calibration error of the top-1 predictions (15 bins).
  double ece = 0.0;
};

// Evaluates `model` without gradients on `windows` (int64 [n, block_size + 1], any device),
// `batch_size` windows per forward pass. Restores the model's training mode afterwards.
Evaluation Evaluate(model::Gpt& model, const torch::Tensor& windows, int64_t batch_size,
                    const torch::Device& device);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_EVALUATION_H_
