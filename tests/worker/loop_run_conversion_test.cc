#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "worker/loop/metric_buffer.h"
#include "worker/loop/run_conversion.h"

namespace reslab::loop {
namespace {

v1::RunSpec MakeRunSpec() {
  v1::RunSpec run;
  run.set_run_id(42);
  run.set_sweep("grid");
  run.set_variant("review");
  run.set_seed(7);
  run.set_d_model(40);
  run.set_log_every(5);
  run.set_checkpoint_every(50);
  v1::ModelConfig* config = run.mutable_config();
  config->set_name("tiny");
  config->set_d_model(32);
  config->set_n_layers(2);
  config->set_n_heads(4);
  config->set_block_size(64);
  config->set_batch_size(8);
  config->set_micro_batch_size(4);
  config->set_steps(100);
  config->set_lr(1e-3);
  config->set_warmup_steps(10);
  config->set_eval_windows(3);
  run.mutable_data()->set_tokenizer("byte");
  run.mutable_data()->set_corpus("/data/corpus");
  return run;
}

TEST(ToTrainSpec, CopiesRunAndLocalSettings) {
  LocalTrainSettings settings{"cpu", "/ckpt", "/cache"};
  train::TrainSpec spec = ToTrainSpec(MakeRunSpec(), settings);
  EXPECT_EQ(spec.model.d_model, 40);  // the matched width, not the config's
  EXPECT_EQ(spec.model.n_layers, 2);
  EXPECT_EQ(spec.model.n_heads, 4);
  EXPECT_EQ(spec.model.block_size, 64);
  EXPECT_EQ(spec.model.vocab_size, 256);
  EXPECT_EQ(spec.model.variant, model::Variant::kReview);
  EXPECT_EQ(spec.seed, 7);
  EXPECT_EQ(spec.steps, 100);
  EXPECT_EQ(spec.batch_size, 8);
  EXPECT_EQ(spec.micro_batch_size, 4);
  EXPECT_DOUBLE_EQ(spec.lr, 1e-3);
  EXPECT_EQ(spec.warmup_steps, 10);
  EXPECT_EQ(spec.eval_windows, 3);
  EXPECT_EQ(spec.log_every, 5);
  EXPECT_EQ(spec.checkpoint_every, 50);
  EXPECT_EQ(spec.checkpoint_dir, "/ckpt/grid/42");
  EXPECT_EQ(spec.data.corpus, "/data/corpus");
  EXPECT_EQ(spec.data.cache_dir, "/cache");
  EXPECT_EQ(spec.device, "cpu");
}

TEST(ToTrainSpec, AttemptMicroBatchWins) {
  v1::RunSpec run = MakeRunSpec();
  run.set_micro_batch_size(2);
  EXPECT_EQ(ToTrainSpec(run, {}).micro_batch_size, 2);
}

TEST(ToTrainSpec, NoCheckpointRootMeansNoCheckpoints) {
  EXPECT_EQ(ToTrainSpec(MakeRunSpec(), {"cpu", "", ""}).checkpoint_dir, "");
}

TEST(ToTrainSpec, RejectsUnknownNamesWithField) {
  v1::RunSpec run = MakeRunSpec();
  run.mutable_data()->set_tokenizer("words");
  try {
    ToTrainSpec(run, {});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("data.tokenizer"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("'words'"), std::string::npos);
  }
  run = MakeRunSpec();
  run.set_variant("residual");
  try {
    ToTrainSpec(run, {});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("variant"), std::string::npos);
  }
}

TEST(ToRunResult, CopiesFieldsAndFullJson) {
  train::TrainResult result;
  result.status = "completed";
  result.val_loss = 2.5;
  result.ece = 0.03;
  result.params = 1234;
  result.steps = 100;
  result.tokens = 51200;
  result.seconds = 9.5;
  result.micro_batch_size = 4;
  result.loss_curve = {{10, 5.0}, {20, 4.0}};
  v1::RunResult message = ToRunResult(result);
  EXPECT_EQ(message.status(), "completed");
  EXPECT_DOUBLE_EQ(message.val_loss(), 2.5);
  EXPECT_DOUBLE_EQ(message.ece(), 0.03);
  EXPECT_EQ(message.params(), 1234);
  EXPECT_EQ(message.steps(), 100);
  EXPECT_EQ(message.tokens(), 51200);
  EXPECT_DOUBLE_EQ(message.seconds(), 9.5);
  EXPECT_EQ(message.micro_batch_size(), 4);
  train::TrainResult parsed = nlohmann::json::parse(message.result_json());
  EXPECT_EQ(parsed.loss_curve.size(), 2u);
  EXPECT_EQ(parsed.status, "completed");
}

TEST(MetricBuffer, KeepsOrderUntilAcknowledged) {
  MetricBuffer buffer;
  buffer.Append({{1, "train_loss", 5.0}, {1, "lr", 0.1}});
  buffer.Append({{2, "train_loss", 4.0}});
  EXPECT_EQ(buffer.size(), 3u);
  EXPECT_EQ(buffer.latest_step(), 2);

  std::vector<v1::Metric> front = buffer.Front(2);
  ASSERT_EQ(front.size(), 2u);
  EXPECT_EQ(front[0].name(), "train_loss");
  EXPECT_EQ(front[1].name(), "lr");
  EXPECT_EQ(buffer.size(), 3u);  // Front copies; only DropFront removes

  buffer.DropFront(2);
  front = buffer.Front(10);
  ASSERT_EQ(front.size(), 1u);
  EXPECT_EQ(front[0].step(), 2);
  buffer.DropFront(10);
  EXPECT_EQ(buffer.size(), 0u);
}

}  // namespace
}  // namespace reslab::loop
