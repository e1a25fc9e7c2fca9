#include "worker/train/train_spec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace reslab::train {
namespace {

std::string ValidateError(const TrainSpec& spec) {
  try {
    spec.Validate();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

std::string ParseError(const nlohmann::json& json) {
  try {
    json.get<TrainSpec>();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(TrainSpecJson, RoundTrips) {
  TrainSpec spec;
  spec.model.d_model = 96;
  spec.model.variant = model::Variant::kReview;
  spec.data.tokenizer = "tokens";
  spec.data.token_file = "/data/train.bin";
  spec.data.vocab_size = 50257;
  spec.seed = 3;
  spec.steps = 123;
  spec.micro_batch_size = 16;
  spec.lr = 6e-4;
  spec.checkpoint_dir = "/ckpt/run-1";
  spec.device = "cuda:1";
  const nlohmann::json json = spec;
  const TrainSpec back = json.get<TrainSpec>();
  EXPECT_EQ(nlohmann::json(back), json);
  EXPECT_EQ(back.model, spec.model);
  EXPECT_EQ(back.data.token_file, "/data/train.bin");
  EXPECT_EQ(back.micro_batch_size, 16);
  EXPECT_EQ(back.device, "cuda:1");
}

TEST(TrainSpecJson, MissingFieldsKeepDefaults) {
  const TrainSpec spec = nlohmann::json{{"steps", 5}}.get<TrainSpec>();
  EXPECT_EQ(spec.steps, 5);
  EXPECT_EQ(spec.batch_size, TrainSpec().batch_size);
  EXPECT_EQ(spec.data.tokenizer, "sentencepiece");
}

TEST(TrainSpecJson, RejectsUnknownFieldByName) {
  const std::string message = ParseError({{"stepz", 5}});
  EXPECT_NE(message.find("unknown field stepz"), std::string::npos) << message;
  const std::string nested = ParseError({{"data", {{"corpora", "x"}}}});
  EXPECT_NE(nested.find("unknown field data.corpora"), std::string::npos) << nested;
}

TEST(TrainSpecJson, RejectsWrongTypeByName) {
  const std::string message = ParseError({{"steps", "many"}});
  EXPECT_NE(message.find("field steps must be an integer, got \"many\""), std::string::npos)
      << message;
  EXPECT_NE(ParseError({{"steps", 2.5}}).find("field steps"), std::string::npos);
  EXPECT_EQ(nlohmann::json({{"steps", 1e3}}).get<TrainSpec>().steps, 1000);
}

TEST(TrainSpecValidate, NamesInvalidField) {
  TrainSpec spec;
  EXPECT_EQ(ValidateError(spec), "");
  spec.micro_batch_size = 24;
  EXPECT_NE(ValidateError(spec).find("micro_batch_size 24 is invalid"), std::string::npos);
  spec = TrainSpec();
  spec.steps = 0;
  EXPECT_NE(ValidateError(spec).find("steps 0 is invalid"), std::string::npos);
  spec = TrainSpec();
  spec.lr = std::numeric_limits<double>::infinity();
  EXPECT_NE(ValidateError(spec).find("lr inf is invalid"), std::string::npos);
  spec = TrainSpec();
  spec.device = "gpu";
  EXPECT_NE(ValidateError(spec).find("device \"gpu\" is invalid"), std::string::npos);
  spec = TrainSpec();
  spec.data.tokenizer = "bpe";
  EXPECT_NE(ValidateError(spec).find("data.tokenizer \"bpe\" is invalid"), std::string::npos);
}

TEST(TrainResultJson, RoundTripsWithNanAsNull) {
  TrainResult result;
  result.status = "diverged";
  result.val_loss = std::numeric_limits<double>::quiet_NaN();
  result.ece = std::numeric_limits<double>::quiet_NaN();
  result.params = 1234;
  result.steps = 7;
  result.loss_curve = {{1, 5.5}, {7, std::numeric_limits<double>::infinity()}};
  result.message = "training loss became non-finite";
  const nlohmann::json json = result;
  EXPECT_TRUE(json.at("val_loss").is_null());
  const TrainResult back = json.get<TrainResult>();
  EXPECT_EQ(back.status, "diverged");
  EXPECT_TRUE(std::isnan(back.val_loss));
  EXPECT_EQ(back.params, 1234);
  ASSERT_EQ(back.loss_curve.size(), 2u);
  EXPECT_EQ(back.loss_curve[0], (std::pair<int64_t, double>{1, 5.5}));
  EXPECT_TRUE(std::isnan(back.loss_curve[1].second)) << "infinity is written as null";
  EXPECT_EQ(back.message, result.message);
}

}  // namespace
}  // namespace reslab::train
