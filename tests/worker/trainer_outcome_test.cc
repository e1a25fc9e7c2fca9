#include "worker/train/trainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "tests/worker/trainer_test_util.h"

namespace reslab::train {
namespace {

using testing::TinyByteSpec;

TEST(Trainer, LearnsBundledCorpus) {
  TrainSpec spec = TinyByteSpec(150);
  spec.model.d_model = 64;
  spec.model.n_layers = 2;
  spec.model.n_heads = 4;
  spec.model.block_size = 32;
  spec.model.variant = model::Variant::kReview;
  spec.batch_size = 16;
  spec.warmup_steps = 10;
  spec.eval_windows = 32;
  spec.log_every = 25;
  std::vector<std::vector<MetricPoint>> reports;
  TrainHooks hooks;
  hooks.on_metrics = [&reports](const std::vector<MetricPoint>& points) {
    reports.push_back(points);
  };
  const TrainResult result = Train(spec, hooks);

  EXPECT_EQ(result.status, "completed") << result.message;
  // Uniform guessing over 256 bytes costs ln 256 = 5.55 nats; English text is far cheaper.
  EXPECT_LT(result.val_loss, 0.6 * std::log(256.0));
  EXPECT_GT(result.ece, 0.0);
  EXPECT_LT(result.ece, 0.5);
  EXPECT_EQ(result.steps, 150);
  EXPECT_EQ(result.tokens, 150 * 16 * 32);
  EXPECT_EQ(result.device, "cpu");
  EXPECT_GT(result.params, 0);
  EXPECT_LT(result.final_train_loss, result.initial_train_loss);

  ASSERT_EQ(reports.size(), 6u);
  ASSERT_EQ(result.loss_curve.size(), 6u);
  std::set<std::string> names;
  for (const MetricPoint& point : reports.back()) {
    names.insert(point.name);
    EXPECT_EQ(point.step, 150);
    EXPECT_TRUE(std::isfinite(point.value)) << point.name;
  }
  for (const std::string name :
       {"train_loss", "lr", "tokens_per_second", "grad_norm_first", "grad_norm_last",
        "gate_mean/0", "gate_mean/3"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(names.count("gate_mean/4"), 0u) << "2 layers have 4 sublayers";
  for (const MetricPoint& point : reports.back()) {
    if (point.name == "train_loss") {
      EXPECT_EQ(point.value, result.loss_curve.back().second);
    } else if (point.name == "lr") {
      EXPECT_NEAR(point.value, 0.1 * spec.lr, 1e-6);
    } else if (point.name == "grad_norm_first") {
      EXPECT_GT(point.value, 0.0);
    }
  }
}

TEST(Trainer, NonFiniteLossEndsAsDiverged) {
  TrainSpec spec = TinyByteSpec(30);
  spec.lr = 1e30;
  spec.warmup_steps = 0;
  spec.grad_clip = 0.0;
  const TrainResult result = Train(spec);
  EXPECT_EQ(result.status, "diverged");
  EXPECT_LT(result.steps, 30);
  ASSERT_FALSE(result.loss_curve.empty());
  EXPECT_FALSE(std::isfinite(result.loss_curve.back().second));
  EXPECT_EQ(result.loss_curve.back().first, result.steps);
  EXPECT_TRUE(std::isfinite(result.loss_curve.front().second));
  EXPECT_TRUE(std::isnan(result.val_loss));
  EXPECT_NE(result.message.find("non-finite"), std::string::npos) << result.message;
}

TEST(Trainer, FlatLossEndsAsFailedToTrain) {
  TrainSpec spec = TinyByteSpec(5);
  spec.lr = 1e-9;
  const TrainResult result = Train(spec);
  EXPECT_EQ(result.status, "failed_to_train");
  EXPECT_TRUE(std::isfinite(result.val_loss));
  EXPECT_NE(result.message.find("not clearly below"), std::string::npos) << result.message;
}

}  // namespace
}  // namespace reslab::train
