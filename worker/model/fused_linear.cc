#include "worker/model/fused_linear.h"

#include <torch/torch.h>

#include <vector>

namespace reslab::model {

torch::Tensor ApplyLinear(const torch::nn::Linear& layer, const torch::Tensor& x) {
  const torch::Tensor& weight = layer->weight;
  const torch::Tensor& bias = layer->bias;
  if (!bias.defined() || !x.is_contiguous() || x.dim() < 2) return torch::linear(x, weight, bias);

  std::vector<int64_t> sizes = x.sizes().vec();
  const torch::Tensor flat = x.view({-1, sizes.back()});
  sizes.back() = weight.size(0);
  return torch::addmm(bias, flat, weight.t()).view(sizes);
}

}  // namespace reslab::model
