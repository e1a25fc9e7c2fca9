// One pre-norm transformer layer: an attention sublayer then an MLP sublayer, each computing
// u = f(RMSNorm(h)) and combining h and u with its own residual rule.
#ifndef RESLAB_WORKER_MODEL_BLOCK_H_
#define RESLAB_WORKER_MODEL_BLOCK_H_

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <vector>

#include "worker/model/attention.h"
#include "worker/model/mlp.h"
#include "worker/model/model_options.h"
#include "worker/model/residual_rule.h"
#include "worker/model/rms_norm.h"

namespace reslab::model {

class BlockImpl : public torch::nn::Module {
 public:
  explicit BlockImpl(const ModelOptions& options);

  torch::Tensor forward(const torch::Tensor& h);

  // Parameters of the attention sublayer and of the MLP sublayer: norm gain, transform and
  // residual rule.
  std::vector<torch::Tensor> AttentionSublayerParameters() const;
  std::vector<torch::Tensor> MlpSublayerParameters() const;

  RmsNorm& attention_norm() { return attention_norm_; }
  CausalSelfAttention& attention() { return attention_; }
  RmsNorm& mlp_norm() { return mlp_norm_; }
  Mlp& mlp() { return mlp_; }
  ResidualRule& attention_rule() { return attention_rule_; }
  ResidualRule& mlp_rule() { return mlp_rule_; }
  const ResidualRule& attention_rule() const { return attention_rule_; }
  const ResidualRule& mlp_rule() const { return mlp_rule_; }

 private:
  double norm_eps_;
  RmsNorm attention_norm_;
  CausalSelfAttention attention_;
  ResidualRule attention_rule_;
  RmsNorm mlp_norm_;
  Mlp mlp_;
  ResidualRule mlp_rule_;
};
TORCH_MODULE(Block);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_BLOCK_H_
