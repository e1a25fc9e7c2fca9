#include "worker/model/mlp.h"

#include <torch/torch.h>

#include "worker/model/fused_linear.h"

namespace reslab::model {

MlpImpl::MlpImpl(int64_t d_model)
    : up_(register_module("up", torch::nn::Linear(d_model, 4 * d_model))),
      down_(register_module("down", torch::nn::Linear(4 * d_model, d_model))) {}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  // torch::gelu defaults to the exact (erf) form.
  return ApplyLinear(down_, torch::gelu(ApplyLinear(up_, x)));
}

}  // namespace reslab::model
