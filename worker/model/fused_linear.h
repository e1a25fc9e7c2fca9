// Linear layer applied as one addmm over the flattened leading dimensions.
#ifndef RESLAB_WORKER_MODEL_FUSED_LINEAR_H_
#define RESLAB_WORKER_MODEL_FUSED_LINEAR_H_

#include <torch/nn/modules/linear.h>
#include <torch/types.h>

namespace reslab::model {

// Returns x W^T + b for x [..., in]. torch::nn::Linear in LibTorch 1.13 runs a 3-d input as a
// matmul followed by a separate bias add; folding the bias into addmm saves one pass over the
// output in the forward and in the backward pass.
torch::Tensor ApplyLinear(const torch::nn::Linear& layer, const torch::Tensor& x);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_FUSED_LINEAR_H_
