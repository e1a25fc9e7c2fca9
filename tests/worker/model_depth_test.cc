// Depth mechanism at initialisation: in a 24-layer model the identity path of the additive
// rules carries the gradient to the first sublayer, while the convex rules halve the stream in
// each of the 48 sublayers and starve it.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include "tests/worker/model_test_util.h"
#include "worker/model/gpt.h"

namespace reslab::model {
namespace {

double FirstToLastGradientRatio(Variant variant) {
  torch::manual_seed(2026);
  ModelOptions options;
  options.vocab_size = 64;
  options.block_size = 16;
  options.d_model = 64;
  options.n_layers = 24;
  options.n_heads = 4;
  options.variant = variant;
  Gpt model(options);

  testing::NextTokenLoss(model, testing::RandomTokens(options.vocab_size, 2, 16)).backward();

  return testing::GradientNorm(model->FirstSublayerParameters()) /
         testing::GradientNorm(model->LastSublayerParameters());
}

TEST(DepthMechanism, AdditiveRulesReachFirstSublayer) {
  for (Variant variant : {Variant::kStandard, Variant::kReview, Variant::kHighway}) {
    EXPECT_GT(FirstToLastGradientRatio(variant), 0.1) << VariantName(variant);
  }
}

TEST(DepthMechanism, ConvexRulesStarveFirstSublayer) {
  for (Variant variant : {Variant::kReviewConvex, Variant::kHighwayConvex}) {
    EXPECT_LT(FirstToLastGradientRatio(variant), 1e-4) << VariantName(variant);
  }
}

}  // namespace
}  // namespace reslab::model
