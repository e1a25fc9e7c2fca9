#include "worker/model/residual_rule.h"

#include <torch/torch.h>

#include "worker/model/rms_norm.h"

namespace reslab::model {

ResidualRuleImpl::ResidualRuleImpl(Variant variant, int64_t d_model, double norm_eps)
    : variant_(variant), norm_eps_(norm_eps) {
  switch (variant) {
    case Variant::kStandard:
      break;
    case Variant::kReview:
    case Variant::kReviewConvex:
      // W = 0 and b = 0, so the gate starts at exactly sigmoid(0) = 0.5.
      gate_state_weight_ =
          register_parameter("gate_state_weight", torch::zeros({d_model, d_model}));
      gate_update_weight_ =
          register_parameter("gate_update_weight", torch::zeros({d_model, d_model}));
      gate_bias_ = register_parameter("gate_bias", torch::zeros({d_model}));
      break;
    case Variant::kHighway:
    case Variant::kHighwayConvex:
      gate_weight_ = register_parameter("gate_weight", torch::zeros({d_model, d_model}));
      gate_bias_ = register_parameter("gate_bias", torch::zeros({d_model}));
      break;
    case Variant::kLayerScale:
      scale_ = register_parameter("scale", torch::full({d_model}, 0.1));
      break;
    case Variant::kReZero:
      scale_ = register_parameter("scale", torch::zeros({1}));
      break;
  }
}

void ResidualRuleImpl::InitGateWeight(double std) {
  if (!gate_weight_.defined()) return;
  torch::NoGradGuard no_grad;
  gate_weight_.normal_(0.0, std);
}

torch::Tensor ResidualRuleImpl::Gate(const torch::Tensor& h, const torch::Tensor& u,
                                     const torch::Tensor& h_rms) {
  const int64_t d = h.size(-1);
  torch::Tensor gate;
  if (gate_state_weight_.defined()) {
    // sigmoid(W_h rms(h) + W_u rms(u) + b): one addmm, one in-place addmm_, in-place sigmoid.
    gate = torch::addmm(gate_bias_, h_rms.reshape({-1, d}), gate_state_weight_.t());
    gate.addmm_(Rms(u, norm_eps_).reshape({-1, d}), gate_update_weight_.t());
  } else {
    gate = torch::addmm(gate_bias_, h.reshape({-1, d}), gate_weight_.t());
  }
  gate.sigmoid_();
  gate = gate.view(h.sizes());
  last_gate_mean_ = gate.detach().mean();
  return gate;
}

torch::Tensor ResidualRuleImpl::forward(const torch::Tensor& h, const torch::Tensor& u,
                                        const torch::Tensor& h_rms) {
  switch (variant_) {
    case Variant::kStandard:
      return h + u;
    case Variant::kReview:
    case Variant::kHighway:
      return torch::addcmul(h, Gate(h, u, h_rms), u);
    case Variant::kReviewConvex:
    case Variant::kHighwayConvex:
      // (1 - r) h + r u, written as h + r (u - h) to save two elementwise passes.
      return torch::addcmul(h, Gate(h, u, h_rms), u - h);
    case Variant::kLayerScale:
    case Variant::kReZero:
      return torch::addcmul(h, scale_, u);
  }
  return h + u;
}

}  // namespace reslab::model
