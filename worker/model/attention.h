// Causal multi-head self-attention: Linear(d, 3d) for q, k, v, softmax over earlier positions,
// Linear(d, d) output projection, both with bias.
#ifndef RESLAB_WORKER_MODEL_ATTENTION_H_
#define RESLAB_WORKER_MODEL_ATTENTION_H_

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace reslab::model {

class CausalSelfAttentionImpl : public torch::nn::Module {
 public:
  CausalSelfAttentionImpl(int64_t d_model, int64_t n_heads, int64_t block_size);

  // x: [batch, time, d_model] with time <= block_size. Returns [batch, time, d_model].
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Linear& qkv() { return qkv_; }
  // The residual-output projection, initialised with the smaller standard deviation.
  torch::nn::Linear& output() { return output_; }

 private:
  int64_t n_heads_;
  torch::nn::Linear qkv_;
  torch::nn::Linear output_;
  // [block, block] additive mask: 0 on and below the diagonal, -inf above it. A buffer, so it
  // follows the module to another device and is built once.
  torch::Tensor causal_mask_;
};
TORCH_MODULE(CausalSelfAttention);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_ATTENTION_H_
