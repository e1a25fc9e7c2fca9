// Variant names, option validation and the JSON form of ModelOptions.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "worker/model/model_options.h"

namespace reslab::model {
namespace {

// Runs `action`, expects InvalidOptions, and returns its message.
template <typename Action>
std::string InvalidOptionsMessage(Action action) {
  try {
    action();
  } catch (const InvalidOptions& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InvalidOptions";
  return "";
}

void ExpectContains(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "\"" << part << "\" not in: " << text;
}

ModelOptions SmallOptions() {
  ModelOptions options;
  options.vocab_size = 300;
  options.block_size = 32;
  options.d_model = 48;
  options.n_layers = 3;
  options.n_heads = 6;
  options.variant = Variant::kHighwayConvex;
  options.norm_eps = 1e-6;
  options.init_std = 0.01;
  return options;
}

TEST(ModelOptions, VariantNamesRoundTrip) {
  ASSERT_EQ(VariantNames().size(), 7u);
  for (const std::string& name : VariantNames()) {
    EXPECT_EQ(VariantName(ParseVariant(name)), name);
  }
  EXPECT_EQ(ParseVariant("review"), Variant::kReview);
  EXPECT_EQ(ParseVariant("highway_convex"), Variant::kHighwayConvex);
  EXPECT_EQ(ParseVariant("layerscale"), Variant::kLayerScale);
}

TEST(ModelOptions, UnknownVariantListsValidNames) {
  const std::string message = InvalidOptionsMessage([] { ParseVariant("residual"); });
  ExpectContains(message, "\"residual\"");
  for (const std::string& name : VariantNames()) ExpectContains(message, name);
}

TEST(ModelOptions, IsGatedOnlyForSigmoidGates) {
  EXPECT_TRUE(IsGated(Variant::kReview));
  EXPECT_TRUE(IsGated(Variant::kHighway));
  EXPECT_TRUE(IsGated(Variant::kReviewConvex));
  EXPECT_TRUE(IsGated(Variant::kHighwayConvex));
  EXPECT_FALSE(IsGated(Variant::kStandard));
  EXPECT_FALSE(IsGated(Variant::kLayerScale));
  EXPECT_FALSE(IsGated(Variant::kReZero));
}

TEST(ModelOptions, DefaultsAreValid) { EXPECT_NO_THROW(ModelOptions().Validate()); }

TEST(ModelOptions, HeadsMustDivideWidth) {
  ModelOptions options = SmallOptions();
  options.d_model = 50;
  const std::string message = InvalidOptionsMessage([&] { options.Validate(); });
  ExpectContains(message, "d_model = 50");
  ExpectContains(message, "n_heads = 6");
}

TEST(ModelOptions, ZeroLayersRejected) {
  ModelOptions options = SmallOptions();
  options.n_layers = 0;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "n_layers = 0");
}

TEST(ModelOptions, NonPositiveSizesRejected) {
  ModelOptions options = SmallOptions();
  options.vocab_size = -3;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "vocab_size = -3");

  options = SmallOptions();
  options.block_size = 0;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "block_size = 0");

  options = SmallOptions();
  options.n_heads = 0;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "n_heads = 0");

  options = SmallOptions();
  options.d_model = 0;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "d_model = 0");
}

TEST(ModelOptions, NonPositiveScalesRejected) {
  ModelOptions options = SmallOptions();
  options.norm_eps = 0.0;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "norm_eps = 0");

  options = SmallOptions();
  options.init_std = -0.5;
  ExpectContains(InvalidOptionsMessage([&] { options.Validate(); }), "init_std = -0.5");
}

TEST(ModelOptions, CountRejectsInvalidOptions) {
  ModelOptions options = SmallOptions();
  options.n_heads = 5;
  ExpectContains(InvalidOptionsMessage([&] { CountParameters(options); }), "d_model = 48");
}

TEST(ModelOptions, JsonRoundTrip) {
  for (const std::string& name : VariantNames()) {
    ModelOptions options = SmallOptions();
    options.variant = ParseVariant(name);
    const nlohmann::json json = options;
    EXPECT_EQ(json.at("variant"), name);
    EXPECT_EQ(json.get<ModelOptions>(), options);
    // Through text as well, as a run record stores it.
    EXPECT_EQ(nlohmann::json::parse(json.dump()).get<ModelOptions>(), options);
  }
}

TEST(ModelOptions, JsonMissingKeysKeepDefaults) {
  const ModelOptions options = nlohmann::json{{"d_model", 64}, {"n_heads", 4}}.get<ModelOptions>();
  ModelOptions expected;
  expected.d_model = 64;
  expected.n_heads = 4;
  EXPECT_EQ(options, expected);
}

TEST(ModelOptions, JsonUnknownKeyRejected) {
  nlohmann::json json = SmallOptions();
  json["dropout"] = 0.1;
  ExpectContains(InvalidOptionsMessage([&] { json.get<ModelOptions>(); }), "\"dropout\"");
}

TEST(ModelOptions, JsonWrongTypeRejected) {
  nlohmann::json json = SmallOptions();
  json["n_layers"] = "four";
  ExpectContains(InvalidOptionsMessage([&] { json.get<ModelOptions>(); }), "n_layers");

  json = SmallOptions();
  json["d_model"] = 64.5;
  ExpectContains(InvalidOptionsMessage([&] { json.get<ModelOptions>(); }), "d_model = 64.5");
}

TEST(ModelOptions, JsonUnknownVariantRejected) {
  nlohmann::json json = SmallOptions();
  json["variant"] = "review_neutral";
  const std::string message = InvalidOptionsMessage([&] { json.get<ModelOptions>(); });
  ExpectContains(message, "\"review_neutral\"");
  ExpectContains(message, "review_convex");
}

TEST(ModelOptions, JsonInvalidValuesRejected) {
  nlohmann::json json = SmallOptions();
  json["n_heads"] = 5;
  ExpectContains(InvalidOptionsMessage([&] { json.get<ModelOptions>(); }), "n_heads = 5");
}

}  // namespace
}  // namespace reslab::model
