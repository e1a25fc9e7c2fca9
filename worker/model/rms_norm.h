// RMSNorm: x * rsqrt(mean(x^2) + eps) * gain, with a learnable gain (init 1) and no bias.
#ifndef RESLAB_WORKER_MODEL_RMS_NORM_H_
#define RESLAB_WORKER_MODEL_RMS_NORM_H_

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace reslab::model {

// Normalises x over its last dimension without a gain: x * rsqrt(mean(x^2) + eps).
torch::Tensor Rms(const torch::Tensor& x, double eps);

class RmsNormImpl : public torch::nn::Module {
 public:
  RmsNormImpl(int64_t d_model, double eps);

  torch::Tensor forward(const torch::Tensor& x) { return Scale(Rms(x, eps_)); }
  // Applies the gain to an input already normalised by Rms, so a caller that also needs
  // Rms(x) computes it once.
  torch::Tensor Scale(const torch::Tensor& normalised) { return normalised * gain_; }

  const torch::Tensor& gain() const { return gain_; }

 private:
  double eps_;
  torch::Tensor gain_;
};
TORCH_MODULE(RmsNorm);

}  // namespace reslab::model

#endif  // RESLAB_WORKER_MODEL_RMS_NORM_H_
