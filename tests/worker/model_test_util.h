// Small model options and helpers shared by the model tests.
#ifndef RESLAB_TESTS_WORKER_MODEL_TEST_UTIL_H_
#define RESLAB_TESTS_WORKER_MODEL_TEST_UTIL_H_

#include <torch/torch.h>

#include <vector>

#include "worker/model/gpt.h"
#include "worker/model/model_options.h"

namespace reslab::model::testing {

inline ModelOptions TinyOptions(Variant variant) {
  ModelOptions options;
  options.vocab_size = 97;
  options.block_size = 16;
  options.d_model = 32;
  options.n_layers = 2;
  options.n_heads = 4;
  options.variant = variant;
  return options;
}

inline std::vector<Variant> AllVariants() {
  std::vector<Variant> variants;
  for (const std::string& name : VariantNames()) variants.push_back(ParseVariant(name));
  return variants;
}

// Random tokens [batch, time + 1]: inputs are the first `time`, targets the last `time`.
inline torch::Tensor RandomTokens(int64_t vocab_size, int64_t batch, int64_t time) {
  return torch::randint(vocab_size, {batch, time + 1}, torch::kLong);
}

// Next-token cross-entropy of `model` on `tokens` from RandomTokens.
inline torch::Tensor NextTokenLoss(Gpt& model, const torch::Tensor& tokens) {
  const int64_t time = tokens.size(1) - 1;
  const torch::Tensor logits = model->forward(tokens.narrow(1, 0, time));
  return torch::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}),
                                   tokens.narrow(1, 1, time).reshape({-1}));
}

// L2 norm over the gradients of all `parameters`.
inline double GradientNorm(const std::vector<torch::Tensor>& parameters) {
  double squared = 0.0;
  for (const torch::Tensor& parameter : parameters) {
    squared += parameter.grad().to(torch::kDouble).square().sum().item<double>();
  }
  return std::sqrt(squared);
}

}  // namespace reslab::model::testing

#endif  // RESLAB_TESTS_WORKER_MODEL_TEST_UTIL_H_
