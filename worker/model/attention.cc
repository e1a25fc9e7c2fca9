#include "worker/model/attention.h"

#include <cmath>
#include <limits>

#include <torch/torch.h>

#include "worker/model/fused_linear.h"

namespace reslab::model {

CausalSelfAttentionImpl::CausalSelfAttentionImpl(int64_t d_model, int64_t n_heads,
                                                 int64_t block_size)
    : n_heads_(n_heads),
      qkv_(register_module("qkv", torch::nn::Linear(d_model, 3 * d_model))),
      output_(register_module("output", torch::nn::Linear(d_model, d_model))) {
  torch::Tensor mask = torch::full({block_size, block_size},
                                   -std::numeric_limits<float>::infinity());
  causal_mask_ = register_buffer("causal_mask", mask.triu(/*diagonal=*/1));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor& x) {
  const int64_t batch = x.size(0);
  const int64_t time = x.size(1);
  const int64_t d_model = x.size(2);
  const int64_t head_dim = d_model / n_heads_;

  // [batch, time, 3d] -> [3, batch * heads, time, head_dim] in one copy, so each of q, k, v
  // is a contiguous batch of matrices for bmm.
  const torch::Tensor qkv =
      ApplyLinear(qkv_, x)
          .view({batch, time, 3, n_heads_, head_dim})
          .permute({2, 0, 3, 1, 4})
          .contiguous()
          .view({3, batch * n_heads_, time, head_dim});
  const torch::Tensor q = qkv[0];
  const torch::Tensor k = qkv[1];
  const torch::Tensor v = qkv[2];

  // scores = mask + (q k^T) / sqrt(head_dim) in one fused call.
  torch::Tensor mask = causal_mask_.narrow(0, 0, time).narrow(1, 0, time);
  if (mask.scalar_type() != x.scalar_type()) mask = mask.to(x.scalar_type());
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  const torch::Tensor scores =
      torch::baddbmm(mask, q, k.transpose(1, 2), /*beta=*/1.0, /*alpha=*/scale);
  const torch::Tensor weights = torch::softmax(scores, /*dim=*/-1);

  const torch::Tensor y = torch::bmm(weights, v)
                              .view({batch, n_heads_, time, head_dim})
                              .transpose(1, 2)
                              .contiguous()
                              .view({batch, time, d_model});
  return ApplyLinear(output_, y);
}

}  // namespace reslab::model
