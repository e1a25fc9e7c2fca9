// The decoder-only transformer every experiment trains: pre-norm blocks whose residual rule is
// chosen by ModelOptions::variant.
#ifndef RESLAB_WORKER_MODEL_GPT_H_
#define RESLAB_WORKER_MODEL_GPT_H_

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <vector>

#include "worker/model/model_options.h"

namespace reslab::model {

class GptImpl : public torch::nn::Module {
 public:
  // Builds and initialises the model. Initialisation draws from the default CPU generator, so
  // seed it (torch::manual_seed) first for reproducible weights.
  explicit GptImpl(const ModelOptions& options);

  // tokens: [batch, time] int64 with time <= block_size. Returns logits [batch, time, vocab].
  torch::Tensor forward(const torch::Tensor& tokens);

  // Mean gate value of each sublayer (2 per layer, attention first) over the last forward
  // pass; empty for variants without a gate.
  std::vector<double> GateMeans() const;

  // Parameters of the first and of the last sublayer (norm, transform and residual gate), for
  // the gradient-norm diagnostics.
  std::vector<torch::Tensor> FirstSublayerParameters() const;
  std::vector<torch::Tensor> LastSublayerParameters() const;

  const ModelOptions& options() const { return options_; }

 private:
  struct State;
  ModelOptions options_;
  std::shared_ptr<State> state_;
};
TORCH_MODULE(Gpt);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_GPT_H_
