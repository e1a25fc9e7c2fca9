// The feed-forward sublayer: Linear(d, 4d), GELU (erf form), Linear(4d, d), all with bias.
#ifndef RESLAB_WORKER_MODEL_MLP_H_
#define RESLAB_WORKER_MODEL_MLP_H_

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace reslab::model {

class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(int64_t d_model);

  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Linear& up() { return up_; }
  // The residual-output projection, initialised with the smaller standard deviation.
  torch::nn::Linear& down() { return down_; }

 private:
  torch::nn::Linear up_;
  torch::nn::Linear down_;
};
TORCH_MODULE(Mlp);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_MLP_H_
