// Analytic parameter count and width matching, checked against the published model sizes.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "worker/model/model_options.h"

namespace reslab::model {
namespace {

// One published model size: the base config (review's width) and the published parameter
// counts in millions, rounded to two decimals, with the widths that matching gives.
struct PaperConfig {
  const char* name;
  int64_t d_model;
  int64_t n_layers;
  int64_t n_heads;
  double review_millions;
  double highway_millions;
  int64_t highway_d_model;
  double standard_millions;
  int64_t standard_d_model;
};

// Base shapes solved from the published counts with vocabulary 50257 and block 256; the 60M
// widths 544 (highway) and 568 (standard) are also stated with the counts.
constexpr PaperConfig kPaperConfigs[] = {
    {"60M", 512, 8, 8, 59.47, 60.68, 544, 59.71, 568},
    {"150M", 768, 12, 12, 152.16, 153.21, 816, 154.87, 876},
    {"320M", 1024, 16, 16, 320.37, 329.01, 1104, 321.14, 1168},
    {"590M", 1280, 20, 20, 589.28, 603.30, 1380, 600.78, 1480},
    {"1B", 1536, 24, 16, 984.04, 996.30, 1648, 998.58, 1776},
};

ModelOptions PaperOptions(const PaperConfig& config, Variant variant) {
  ModelOptions options;
  options.vocab_size = 50257;
  options.block_size = 256;
  options.d_model = config.d_model;
  options.n_layers = config.n_layers;
  options.n_heads = config.n_heads;
  options.variant = variant;
  return options;
}

double Millions(int64_t count) { return std::round(static_cast<double>(count) / 1e4) / 100.0; }

TEST(ParamCount, PaperReviewCounts) {
  for (const PaperConfig& config : kPaperConfigs) {
    SCOPED_TRACE(config.name);
    EXPECT_DOUBLE_EQ(Millions(CountParameters(PaperOptions(config, Variant::kReview))),
                     config.review_millions);
  }
}

TEST(ParamCount, PaperMatchedHighway) {
  for (const PaperConfig& config : kPaperConfigs) {
    SCOPED_TRACE(config.name);
    const ModelOptions review = PaperOptions(config, Variant::kReview);
    const ModelOptions matched = MatchWidth(PaperOptions(config, Variant::kHighway), review);
    EXPECT_EQ(matched.d_model, config.highway_d_model);
    EXPECT_EQ(matched.n_layers, config.n_layers);
    EXPECT_EQ(matched.n_heads, config.n_heads);
    EXPECT_EQ(matched.variant, Variant::kHighway);
    EXPECT_DOUBLE_EQ(Millions(CountParameters(matched)), config.highway_millions);
    EXPECT_GE(CountParameters(matched), CountParameters(review));
  }
}

TEST(ParamCount, PaperMatchedStandard) {
  for (const PaperConfig& config : kPaperConfigs) {
    SCOPED_TRACE(config.name);
    const ModelOptions review = PaperOptions(config, Variant::kReview);
    const ModelOptions matched = MatchWidth(PaperOptions(config, Variant::kStandard), review);
    EXPECT_EQ(matched.d_model, config.standard_d_model);
    EXPECT_EQ(matched.variant, Variant::kStandard);
    EXPECT_DOUBLE_EQ(Millions(CountParameters(matched)), config.standard_millions);
    EXPECT_GE(CountParameters(matched), CountParameters(review));
  }
}

TEST(ParamCount, MatchWidthTakesSmallestStep) {
  for (const PaperConfig& config : kPaperConfigs) {
    SCOPED_TRACE(config.name);
    const ModelOptions review = PaperOptions(config, Variant::kReview);
    ModelOptions narrower = MatchWidth(PaperOptions(config, Variant::kStandard), review);
    narrower.d_model -= narrower.n_heads;
    EXPECT_LT(CountParameters(narrower), CountParameters(review));
  }
}

TEST(ParamCount, MatchWidthKeepsWiderBaseline) {
  ModelOptions target;
  target.d_model = 64;
  target.n_layers = 2;
  target.n_heads = 4;
  target.variant = Variant::kStandard;
  ModelOptions baseline = target;
  baseline.variant = Variant::kReview;
  EXPECT_EQ(MatchWidth(baseline, target), baseline);
}

TEST(ParamCount, MatchWidthRejectsOtherDepth) {
  ModelOptions target;
  target.n_layers = 4;
  ModelOptions baseline;
  baseline.n_layers = 6;
  try {
    MatchWidth(baseline, target);
    FAIL() << "expected InvalidOptions";
  } catch (const InvalidOptions& error) {
    EXPECT_NE(std::string(error.what()).find("n_layers = 6"), std::string::npos) << error.what();
  }
}

TEST(ParamCount, GateSizesPerVariant) {
  ModelOptions options;
  options.vocab_size = 100;
  options.block_size = 16;
  options.d_model = 32;
  options.n_layers = 3;
  options.n_heads = 4;
  options.variant = Variant::kStandard;
  const int64_t standard = CountParameters(options);
  const int64_t d = options.d_model;
  const int64_t sublayers = 2 * options.n_layers;

  options.variant = Variant::kReview;
  EXPECT_EQ(CountParameters(options) - standard, sublayers * (2 * d * d + d));
  options.variant = Variant::kReviewConvex;
  EXPECT_EQ(CountParameters(options) - standard, sublayers * (2 * d * d + d));
  options.variant = Variant::kHighway;
  EXPECT_EQ(CountParameters(options) - standard, sublayers * (d * d + d));
  options.variant = Variant::kHighwayConvex;
  EXPECT_EQ(CountParameters(options) - standard, sublayers * (d * d + d));
  options.variant = Variant::kLayerScale;
  EXPECT_EQ(CountParameters(options) - standard, sublayers * d);
  options.variant = Variant::kReZero;
  EXPECT_EQ(CountParameters(options) - standard, sublayers);
}

}  // namespace
}  // namespace reslab::model
