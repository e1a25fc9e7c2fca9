// The residual rule of one sublayer: how the stream h and the sublayer's update u combine,
// chosen by Variant, with the rule's own parameters (gate, per-channel scale or scalar).
#ifndef RESLAB_WORKER_MODEL_RESIDUAL_RULE_H_
#define RESLAB_WORKER_MODEL_RESIDUAL_RULE_H_

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "worker/model/model_options.h"

namespace reslab::model {

class ResidualRuleImpl : public torch::nn::Module {
 public:
  // Creates the rule's parameters with their initial values; the highway gate weight is left
  // for the caller to draw (InitGateWeight) so the model controls the order of random draws.
  ResidualRuleImpl(Variant variant, int64_t d_model, double norm_eps);

  // Returns the new stream. h, u: [batch, time, d]. h_rms must equal Rms(h, norm_eps); the
  // pre-norm computes it anyway, and the review gate reads it.
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& u,
                        const torch::Tensor& h_rms);

  // Draws the highway gate weight from N(0, std); does nothing for other variants.
  void InitGateWeight(double std);

  // Mean gate value over the last forward pass as a 0-dim tensor on the model's device, or an
  // undefined tensor for variants without a sigmoid gate or before the first forward pass.
  const torch::Tensor& last_gate_mean() const { return last_gate_mean_; }

 private:
  torch::Tensor Gate(const torch::Tensor& h, const torch::Tensor& u, const torch::Tensor& h_rms);

  Variant variant_;
  double norm_eps_;
  // review and review_convex: W [rms(h), rms(u)] + b with W split into the columns that read
  // rms(h) (state) and rms(u) (update), which skips the concatenation.
  torch::Tensor gate_state_weight_;
  torch::Tensor gate_update_weight_;
  // highway and highway_convex: W h + b.
  torch::Tensor gate_weight_;
  torch::Tensor gate_bias_;
  // layerscale: per-channel scale; rezero: one scalar.
  torch::Tensor scale_;
  torch::Tensor last_gate_mean_;
};
TORCH_MODULE(ResidualRule);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_RESIDUAL_RULE_H_
