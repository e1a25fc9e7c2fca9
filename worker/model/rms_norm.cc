#include "worker/model/rms_norm.h"

#include <torch/torch.h>

namespace reslab::model {

torch::Tensor Rms(const torch::Tensor& x, double eps) {
  return x * torch::rsqrt(x.square().mean(-1, /*keepdim=*/true) + eps);
}

RmsNormImpl::RmsNormImpl(int64_t d_model, double eps)
    : eps_(eps), gain_(register_parameter("gain", torch::ones({d_model}))) {}

}  // namespace reslab::model
