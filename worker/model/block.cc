#include "worker/model/block.h"

#include <torch/torch.h>

namespace reslab::model {
namespace {

std::vector<torch::Tensor> Concatenate(std::initializer_list<const torch::nn::Module*> modules) {
  std::vector<torch::Tensor> result;
  for (const torch::nn::Module* module : modules) {
    for (const torch::Tensor& parameter : module->parameters()) result.push_back(parameter);
  }
  return result;
}

}  // namespace

BlockImpl::BlockImpl(const ModelOptions& options)
    : norm_eps_(options.norm_eps),
      attention_norm_(register_module("attention_norm",
                                      RmsNorm(options.d_model, options.norm_eps))),
      attention_(register_module(
          "attention",
          CausalSelfAttention(options.d_model, options.n_heads, options.block_size))),
      attention_rule_(register_module(
          "attention_rule", ResidualRule(options.variant, options.d_model, options.norm_eps))),
      mlp_norm_(register_module("mlp_norm", RmsNorm(options.d_model, options.norm_eps))),
      mlp_(register_module("mlp", Mlp(options.d_model))),
      mlp_rule_(register_module(
          "mlp_rule", ResidualRule(options.variant, options.d_model, options.norm_eps))) {}

torch::Tensor BlockImpl::forward(const torch::Tensor& h) {
  // Rms(h) is computed once: the pre-norm scales it by its gain and the review gate reads it.
  const torch::Tensor attention_rms = Rms(h, norm_eps_);
  const torch::Tensor after_attention = attention_rule_(
      h, attention_(attention_norm_->Scale(attention_rms)), attention_rms);

  const torch::Tensor mlp_rms = Rms(after_attention, norm_eps_);
  return mlp_rule_(after_attention, mlp_(mlp_norm_->Scale(mlp_rms)), mlp_rms);
}

std::vector<torch::Tensor> BlockImpl::AttentionSublayerParameters() const {
  return Concatenate({attention_norm_.get(), attention_.get(), attention_rule_.get()});
}

std::vector<torch::Tensor> BlockImpl::MlpSublayerParameters() const {
  return Concatenate({mlp_norm_.get(), mlp_.get(), mlp_rule_.get()});
}

}  // namespace reslab::model
