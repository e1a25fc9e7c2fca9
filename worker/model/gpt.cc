#include "worker/model/gpt.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <torch/torch.h>

#include "worker/model/block.h"
#include "worker/model/rms_norm.h"

namespace reslab::model {

struct GptImpl::State {
  torch::nn::Embedding token_embedding{nullptr};
  torch::nn::Embedding position_embedding{nullptr};
  std::vector<Block> blocks;
  RmsNorm final_norm{nullptr};
};

GptImpl::GptImpl(const ModelOptions& options)
    : options_(options), state_(std::make_shared<State>()) {
  options_.Validate();
  const int64_t d = options_.d_model;

  state_->token_embedding = register_module(
      "token_embedding", torch::nn::Embedding(options_.vocab_size, d));
  state_->position_embedding = register_module(
      "position_embedding", torch::nn::Embedding(options_.block_size, d));
  torch::nn::ModuleList blocks;
  for (int64_t layer = 0; layer < options_.n_layers; ++layer) {
    state_->blocks.push_back(Block(options_));
    blocks->push_back(state_->blocks.back());
  }
  register_module("blocks", blocks);
  state_->final_norm = register_module("final_norm", RmsNorm(d, options_.norm_eps));

  // Every Linear and Embedding weight ~ N(0, init_std) and biases 0, except the two
  // residual-output projections, drawn from N(0, init_std / sqrt(2 n_layers)) because
  // 2 n_layers sublayer outputs add up in the residual stream. Gates, scales and norm gains
  // keep the values their modules were built with. The draws happen in module order, so a
  // seed fixes every weight.
  torch::NoGradGuard no_grad;
  const double std = options_.init_std;
  const double output_std = std / std::sqrt(2.0 * static_cast<double>(options_.n_layers));
  const auto init_linear = [](torch::nn::Linear& linear, double weight_std) {
    linear->weight.normal_(0.0, weight_std);
    linear->bias.zero_();
  };
  state_->token_embedding->weight.normal_(0.0, std);
  state_->position_embedding->weight.normal_(0.0, std);
  for (Block& block : state_->blocks) {
    init_linear(block->attention()->qkv(), std);
    init_linear(block->attention()->output(), output_std);
    block->attention_rule()->InitGateWeight(std);
    init_linear(block->mlp()->up(), std);
    init_linear(block->mlp()->down(), output_std);
    block->mlp_rule()->InitGateWeight(std);
  }
}

torch::Tensor GptImpl::forward(const torch::Tensor& tokens) {
  if (tokens.dim() != 2) {
    throw std::invalid_argument("Gpt::forward: tokens must be [batch, time], got " +
                                std::to_string(tokens.dim()) + " dimensions");
  }
  const int64_t time = tokens.size(1);
  if (time < 1 || time > options_.block_size) {
    throw std::invalid_argument("Gpt::forward: sequence length " + std::to_string(time) +
                                " is outside 1.." + std::to_string(options_.block_size) +
                                " (block_size)");
  }

  const torch::Tensor& token_weight = state_->token_embedding->weight;
  torch::Tensor h = torch::embedding(token_weight, tokens) +
                    state_->position_embedding->weight.narrow(0, 0, time);
  for (Block& block : state_->blocks) h = block->forward(h);
  h = state_->final_norm->forward(h);
  // Output head tied to the token embedding, without bias.
  return torch::linear(h, token_weight);
}

std::vector<double> GptImpl::GateMeans() const {
  std::vector<torch::Tensor> means;
  for (const Block& block : state_->blocks) {
    for (const ResidualRule* rule : {&block->attention_rule(), &block->mlp_rule()}) {
      if ((*rule)->last_gate_mean().defined()) means.push_back((*rule)->last_gate_mean());
    }
  }
  if (means.empty()) return {};

  // One device-to-host copy for all sublayers.
  const torch::Tensor host = torch::stack(means).to(torch::kCPU, torch::kDouble).contiguous();
  const double* data = host.data_ptr<double>();
  return std::vector<double>(data, data + host.numel());
}

std::vector<torch::Tensor> GptImpl::FirstSublayerParameters() const {
  return state_->blocks.front()->AttentionSublayerParameters();
}

std::vector<torch::Tensor> GptImpl::LastSublayerParameters() const {
  return state_->blocks.back()->MlpSublayerParameters();
}

}  // namespace reslab::model
