// The GPT at initialisation: residual rules, parameter counts, init rules, gates and the loss.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/worker/model_test_util.h"
#include "worker/model/block.h"
#include "worker/model/gpt.h"
#include "worker/model/residual_rule.h"
#include "worker/model/rms_norm.h"

namespace reslab::model {
namespace {

using testing::AllVariants;
using testing::NextTokenLoss;
using testing::RandomTokens;
using testing::TinyOptions;

std::vector<Block> BlocksOf(Gpt& model) {
  std::vector<Block> blocks;
  auto list = model->named_children()["blocks"]->as<torch::nn::ModuleListImpl>();
  for (size_t i = 0; i < list->size(); ++i) {
    blocks.emplace_back(std::dynamic_pointer_cast<BlockImpl>(list->ptr(i)));
  }
  return blocks;
}

torch::Tensor Parameter(Gpt& model, const std::string& name) {
  return model->named_parameters()[name];
}

double StandardDeviation(const torch::Tensor& tensor) {
  return tensor.to(torch::kDouble).std().item<double>();
}

TEST(ResidualRule, ReviewAddsHalfUpdateAtInit) {
  torch::manual_seed(1);
  const int64_t d = 24;
  ResidualRule rule(Variant::kReview, d, 1e-5);
  const torch::Tensor h = torch::randn({3, 5, d});
  const torch::Tensor u = torch::randn({3, 5, d});

  const torch::Tensor out = rule->forward(h, u, Rms(h, 1e-5));

  EXPECT_TRUE(torch::allclose(out, h + 0.5 * u, /*rtol=*/1e-6, /*atol=*/1e-7));
  ASSERT_TRUE(rule->last_gate_mean().defined());
  EXPECT_EQ(rule->last_gate_mean().item<double>(), 0.5);
}

TEST(ResidualRule, ConvexFormsMixStateAndUpdate) {
  torch::manual_seed(2);
  const int64_t d = 16;
  ResidualRule rule(Variant::kReviewConvex, d, 1e-5);
  const torch::Tensor h = torch::randn({2, 4, d});
  const torch::Tensor u = torch::randn({2, 4, d});

  const torch::Tensor out = rule->forward(h, u, Rms(h, 1e-5));

  EXPECT_TRUE(torch::allclose(out, 0.5 * h + 0.5 * u, /*rtol=*/1e-6, /*atol=*/1e-6));
}

TEST(ResidualRule, ScalesStartAtTheirInitValues) {
  torch::manual_seed(3);
  const int64_t d = 8;
  const torch::Tensor h = torch::randn({1, 3, d});
  const torch::Tensor u = torch::randn({1, 3, d});

  ResidualRule layerscale(Variant::kLayerScale, d, 1e-5);
  EXPECT_TRUE(torch::allclose(layerscale->forward(h, u, Rms(h, 1e-5)), h + 0.1 * u));
  EXPECT_FALSE(layerscale->last_gate_mean().defined());

  ResidualRule rezero(Variant::kReZero, d, 1e-5);
  EXPECT_TRUE(torch::equal(rezero->forward(h, u, Rms(h, 1e-5)), h));

  ResidualRule standard(Variant::kStandard, d, 1e-5);
  EXPECT_TRUE(torch::equal(standard->forward(h, u, Rms(h, 1e-5)), h + u));
}

TEST(Gpt, ReviewGateIsHalfInEverySublayer) {
  torch::manual_seed(4);
  ModelOptions options = TinyOptions(Variant::kReview);
  options.n_layers = 3;
  Gpt model(options);
  EXPECT_TRUE(model->GateMeans().empty());  // No forward pass yet.

  model->forward(RandomTokens(options.vocab_size, 2, options.block_size).narrow(1, 0, 8));

  const std::vector<double> means = model->GateMeans();
  ASSERT_EQ(means.size(), static_cast<size_t>(2 * options.n_layers));
  for (size_t i = 0; i < means.size(); ++i) EXPECT_EQ(means[i], 0.5) << "sublayer " << i;
}

TEST(Gpt, ReviewEqualsHalfUpdateStream) {
  torch::manual_seed(5);
  ModelOptions options = TinyOptions(Variant::kReview);
  options.n_layers = 3;
  Gpt model(options);
  const torch::Tensor tokens =
      RandomTokens(options.vocab_size, 2, options.block_size).narrow(1, 0, 10);

  const torch::Tensor logits = model->forward(tokens);

  // The same network written out with h + 0.5 u in place of the review rule.
  torch::NoGradGuard no_grad;
  const torch::Tensor embedding = Parameter(model, "token_embedding.weight");
  torch::Tensor h = embedding.index_select(0, tokens.reshape({-1})).view({2, 10, -1}) +
                    Parameter(model, "position_embedding.weight").narrow(0, 0, 10);
  for (Block& block : BlocksOf(model)) {
    h = h + 0.5 * block->attention()->forward(block->attention_norm()->forward(h));
    h = h + 0.5 * block->mlp()->forward(block->mlp_norm()->forward(h));
  }
  h = Rms(h, options.norm_eps) * Parameter(model, "final_norm.gain");
  const torch::Tensor expected = torch::matmul(h, embedding.t());

  EXPECT_TRUE(torch::allclose(logits, expected, /*rtol=*/1e-5, /*atol=*/1e-6))
      << "max difference " << (logits - expected).abs().max().item<double>();
}

TEST(Gpt, AnalyticCountMatchesModule) {
  struct Shape {
    int64_t vocab_size, block_size, d_model, n_layers, n_heads;
  };
  const Shape shapes[] = {{97, 16, 32, 2, 4}, {50, 7, 24, 3, 6}, {11, 33, 8, 1, 1},
                          {256, 64, 48, 4, 3}};
  for (const Shape& shape : shapes) {
    for (Variant variant : AllVariants()) {
      ModelOptions options;
      options.vocab_size = shape.vocab_size;
      options.block_size = shape.block_size;
      options.d_model = shape.d_model;
      options.n_layers = shape.n_layers;
      options.n_heads = shape.n_heads;
      options.variant = variant;
      SCOPED_TRACE(VariantName(variant) + " d_model " + std::to_string(shape.d_model));
      Gpt model(options);

      int64_t instantiated = 0;
      for (const torch::Tensor& parameter : model->parameters()) {
        instantiated += parameter.numel();
      }
      EXPECT_EQ(instantiated, CountParameters(options));
    }
  }
}

TEST(Gpt, InitFollowsRules) {
  torch::manual_seed(6);
  ModelOptions options = TinyOptions(Variant::kHighway);
  options.d_model = 64;
  options.n_layers = 8;
  Gpt model(options);
  const double std = options.init_std;
  const double output_std = std / std::sqrt(2.0 * options.n_layers);

  EXPECT_NEAR(StandardDeviation(Parameter(model, "token_embedding.weight")), std, 0.1 * std);
  EXPECT_NEAR(StandardDeviation(Parameter(model, "position_embedding.weight")), std, 0.2 * std);
  EXPECT_TRUE(torch::equal(Parameter(model, "final_norm.gain"), torch::ones({64})));
  for (const std::string prefix : {"blocks.0.", "blocks.7."}) {
    SCOPED_TRACE(prefix);
    EXPECT_NEAR(StandardDeviation(Parameter(model, prefix + "attention.qkv.weight")), std,
                0.1 * std);
    EXPECT_NEAR(StandardDeviation(Parameter(model, prefix + "mlp.up.weight")), std, 0.1 * std);
    EXPECT_NEAR(StandardDeviation(Parameter(model, prefix + "attention.output.weight")),
                output_std, 0.1 * output_std);
    EXPECT_NEAR(StandardDeviation(Parameter(model, prefix + "mlp.down.weight")), output_std,
                0.1 * output_std);
    EXPECT_NEAR(StandardDeviation(Parameter(model, prefix + "attention_rule.gate_weight")), std,
                0.1 * std);
    EXPECT_EQ(Parameter(model, prefix + "attention.qkv.bias").abs().max().item<float>(), 0.0f);
    EXPECT_EQ(Parameter(model, prefix + "mlp.down.bias").abs().max().item<float>(), 0.0f);
    EXPECT_EQ(Parameter(model, prefix + "mlp_rule.gate_bias").abs().max().item<float>(), 0.0f);
    EXPECT_TRUE(torch::equal(Parameter(model, prefix + "attention_norm.gain"), torch::ones({64})));
  }
}

TEST(Gpt, ReviewGateStartsAtZero) {
  Gpt model(TinyOptions(Variant::kReviewConvex));
  for (const auto& item : model->named_parameters()) {
    if (item.key().find("_rule.") == std::string::npos) continue;
    SCOPED_TRACE(item.key());
    EXPECT_EQ(item.value().abs().max().item<float>(), 0.0f);
  }
}

TEST(Gpt, SameSeedSameWeights) {
  torch::manual_seed(7);
  Gpt first(TinyOptions(Variant::kHighwayConvex));
  torch::manual_seed(7);
  Gpt second(TinyOptions(Variant::kHighwayConvex));
  const auto first_parameters = first->named_parameters();
  for (const auto& item : second->named_parameters()) {
    EXPECT_TRUE(torch::equal(item.value(), first_parameters[item.key()])) << item.key();
  }
}

TEST(Gpt, GateMeansOnlyForGatedVariants) {
  for (Variant variant : AllVariants()) {
    SCOPED_TRACE(VariantName(variant));
    torch::manual_seed(8);
    const ModelOptions options = TinyOptions(variant);
    Gpt model(options);
    model->forward(RandomTokens(options.vocab_size, 2, 8).narrow(1, 0, 8));

    const std::vector<double> means = model->GateMeans();
    if (!IsGated(variant)) {
      EXPECT_TRUE(means.empty());
      continue;
    }
    ASSERT_EQ(means.size(), static_cast<size_t>(2 * options.n_layers));
    for (double mean : means) EXPECT_NEAR(mean, 0.5, 0.05);
  }
}

TEST(Gpt, LossNearUniformAtInit) {
  for (Variant variant : AllVariants()) {
    SCOPED_TRACE(VariantName(variant));
    torch::manual_seed(9);
    const ModelOptions options = TinyOptions(variant);
    Gpt model(options);

    const torch::Tensor loss = NextTokenLoss(model, RandomTokens(options.vocab_size, 4, 16));
    loss.backward();

    const double value = loss.item<double>();
    EXPECT_TRUE(std::isfinite(value));
    EXPECT_NEAR(value, std::log(static_cast<double>(options.vocab_size)), 0.1);
    for (const auto& item : model->named_parameters()) {
      ASSERT_TRUE(item.value().grad().defined()) << item.key();
      EXPECT_TRUE(torch::isfinite(item.value().grad()).all().item<bool>()) << item.key();
    }
  }
}

TEST(Gpt, EarlierLogitsIgnoreLaterTokens) {
  torch::manual_seed(10);
  const ModelOptions options = TinyOptions(Variant::kReview);
  Gpt model(options);
  torch::Tensor tokens = RandomTokens(options.vocab_size, 1, 12).narrow(1, 0, 12).clone();
  const torch::Tensor before = model->forward(tokens);

  tokens[0][8] = (tokens[0][8].item<int64_t>() + 1) % options.vocab_size;
  const torch::Tensor after = model->forward(tokens);

  EXPECT_TRUE(torch::equal(before.narrow(1, 0, 8), after.narrow(1, 0, 8)));
  EXPECT_FALSE(torch::allclose(before.narrow(1, 8, 1), after.narrow(1, 8, 1)));
}

TEST(Gpt, SublayerParametersCoverOneSublayer) {
  for (Variant variant : AllVariants()) {
    SCOPED_TRACE(VariantName(variant));
    ModelOptions options = TinyOptions(variant);
    Gpt model(options);
    const int64_t d = options.d_model;
    ModelOptions no_rule = options;
    no_rule.variant = Variant::kStandard;
    const int64_t rule = (CountParameters(options) - CountParameters(no_rule)) /
                         (2 * options.n_layers);

    int64_t first = 0;
    for (const torch::Tensor& parameter : model->FirstSublayerParameters()) {
      first += parameter.numel();
    }
    int64_t last = 0;
    for (const torch::Tensor& parameter : model->LastSublayerParameters()) {
      last += parameter.numel();
    }
    EXPECT_EQ(first, d + (3 * d * d + 3 * d) + (d * d + d) + rule);
    EXPECT_EQ(last, d + (4 * d * d + 4 * d) + (4 * d * d + d) + rule);
  }
}

TEST(Gpt, InvalidOptionsRejected) {
  ModelOptions options = TinyOptions(Variant::kStandard);
  options.n_heads = 5;
  try {
    Gpt model(options);
    FAIL() << "expected InvalidOptions";
  } catch (const InvalidOptions& error) {
    EXPECT_NE(std::string(error.what()).find("d_model = 32"), std::string::npos) << error.what();
  }
}

TEST(Gpt, TooLongSequenceRejected) {
  const ModelOptions options = TinyOptions(Variant::kStandard);
  Gpt model(options);
  EXPECT_THROW(model->forward(torch::zeros({1, options.block_size + 1}, torch::kLong)),
               std::invalid_argument);
}

}  // namespace
}  // namespace reslab::model
