#include <c10/util/Exception.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "tests/worker/trainer_test_util.h"
#include "worker/model/gpt.h"
#include "worker/train/train_step.h"
#include "worker/train/trainer.h"

namespace reslab::train {
namespace {

using testing::CurveLosses;
using testing::TinyByteSpec;

// A review model over 61 tokens with block 12, initialised from seed 3.
model::Gpt SmallModel(int64_t n_layers) {
  torch::manual_seed(3);
  model::ModelOptions options;
  options.vocab_size = 61;
  options.block_size = 12;
  options.d_model = 32;
  options.n_layers = n_layers;
  options.n_heads = 4;
  options.variant = model::Variant::kReview;
  return model::Gpt(options);
}

std::vector<torch::Tensor> GradientsFor(int64_t micro_batch_size, const torch::Tensor& windows) {
  model::Gpt model = SmallModel(2);
  AccumulateGradients(model, windows, micro_batch_size);
  std::vector<torch::Tensor> gradients;
  for (const torch::Tensor& parameter : model->parameters()) {
    gradients.push_back(parameter.grad().clone());
  }
  return gradients;
}

TEST(AccumulateGradients, MicroBatchesMatchFullBatch) {
  torch::manual_seed(11);
  const torch::Tensor windows = torch::randint(61, {8, 13}, torch::kInt64);
  const std::vector<torch::Tensor> full = GradientsFor(8, windows);
  const std::vector<torch::Tensor> accumulated = GradientsFor(4, windows);
  ASSERT_EQ(full.size(), accumulated.size());
  for (size_t i = 0; i < full.size(); ++i) {
    const double difference = (full[i] - accumulated[i]).abs().max().item<double>();
    EXPECT_LE(difference, 1e-5) << "parameter " << i;
  }
  // The gradients are not trivially zero.
  EXPECT_GT(full.front().abs().max().item<double>(), 1e-4);
}

TEST(AccumulateGradients, ReturnsBatchMeanLoss) {
  model::Gpt model = SmallModel(1);
  const torch::Tensor windows = torch::randint(61, {4, 13}, torch::kInt64);
  const double loss = AccumulateGradients(model, windows, 2);
  const torch::Tensor logits = model->forward(windows.narrow(1, 0, 12));
  const double expected =
      torch::cross_entropy_loss(logits.reshape({-1, 61}), windows.narrow(1, 1, 12).reshape({-1}))
          .item<double>();
  EXPECT_NEAR(loss, expected, 1e-5);
}

TEST(Trainer, OutOfMemoryHalvesMicroBatch) {
  TrainSpec spec = TinyByteSpec(5);
  bool injected = false;
  TrainHooks hooks;
  hooks.before_micro_batch = [&injected](int64_t step, int64_t micro_batch_size) {
    if (step == 2 && micro_batch_size == 8 && !injected) {
      injected = true;
      throw c10::OutOfMemoryError({__func__, __FILE__, __LINE__},
                                  "CUDA out of memory. Tried to allocate 2.00 GiB");
    }
  };
  const TrainResult halved = Train(spec, hooks);
  EXPECT_TRUE(injected);
  EXPECT_EQ(halved.oom_halvings, 1);
  EXPECT_EQ(halved.micro_batch_size, 4);
  EXPECT_EQ(halved.tokens, 5 * 8 * 16);

  // The same tokens per step give the same losses, up to summation order.
  const std::vector<double> expected = CurveLosses(Train(spec));
  const std::vector<double> actual = CurveLosses(halved);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-4) << i;
}

TEST(Trainer, OtherErrorsPropagate) {
  TrainHooks hooks;
  hooks.before_micro_batch = [](int64_t, int64_t) { throw std::runtime_error("disk on fire"); };
  EXPECT_THROW(Train(TinyByteSpec(2), hooks), std::runtime_error);
}

TEST(IsOutOfMemory, RecognisesCudaMessages) {
  EXPECT_TRUE(IsOutOfMemory(c10::Error({__func__, __FILE__, __LINE__},
                                       "CUDA error: out of memory")));
  EXPECT_FALSE(IsOutOfMemory(c10::Error({__func__, __FILE__, __LINE__}, "shape mismatch")));
  EXPECT_FALSE(IsOutOfMemory(std::runtime_error("out of memory")));
}

}  // namespace
}  // namespace reslab::train
