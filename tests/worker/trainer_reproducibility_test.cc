#include "worker/train/trainer.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/worker/trainer_test_util.h"

namespace reslab::train {
namespace {

using testing::CurveLosses;
using testing::TempFolder;
using testing::TinyByteSpec;

TEST(Trainer, RerunGivesBitIdenticalLosses) {
  const TrainSpec spec = TinyByteSpec(12);
  const TrainResult first = Train(spec);
  const TrainResult second = Train(spec);
  ASSERT_EQ(first.loss_curve.size(), 12u);
  EXPECT_EQ(CurveLosses(first), CurveLosses(second));
  EXPECT_EQ(first.val_loss, second.val_loss);
  EXPECT_EQ(first.ece, second.ece);
}

TEST(Trainer, VariantsWithSameSeedSeeSameBatches) {
  std::map<std::string, std::vector<torch::Tensor>> batches;
  for (const std::string variant : {"standard", "review", "highway"}) {
    TrainSpec spec = TinyByteSpec(4);
    spec.model.variant = model::ParseVariant(variant);
    TrainHooks hooks;
    hooks.on_batch = [&batches, variant](int64_t, const torch::Tensor& batch) {
      batches[variant].push_back(batch.clone());
    };
    Train(spec, hooks);
  }
  ASSERT_EQ(batches["standard"].size(), 4u);
  for (const std::string variant : {"review", "highway"}) {
    ASSERT_EQ(batches[variant].size(), 4u);
    for (size_t step = 0; step < 4; ++step) {
      EXPECT_TRUE(torch::equal(batches[variant][step], batches["standard"][step]))
          << variant << " step " << step;
    }
  }
  // Another seed draws other windows.
  TrainSpec other = TinyByteSpec(1);
  other.seed = 8;
  torch::Tensor other_batch;
  TrainHooks hooks;
  hooks.on_batch = [&other_batch](int64_t, const torch::Tensor& batch) { other_batch = batch.clone(); };
  Train(other, hooks);
  EXPECT_FALSE(torch::equal(other_batch, batches["standard"][0]));
}

TEST(Trainer, ResumeMatchesUninterruptedRun) {
  TrainSpec spec = TinyByteSpec(40);
  spec.log_every = 3;  // a logging interval spans the checkpoint
  const TrainResult uninterrupted = Train(spec);

  TempFolder checkpoints("resume");
  spec.checkpoint_dir = checkpoints.path();
  spec.checkpoint_every = 20;
  int64_t steps_seen = 0;
  TrainHooks stop_after_20;
  stop_after_20.on_step = [&steps_seen](int64_t step, double) { steps_seen = step; };
  stop_after_20.should_stop = [&steps_seen] { return steps_seen >= 20; };
  const TrainResult interrupted = Train(spec, stop_after_20);
  EXPECT_EQ(interrupted.status, "interrupted");
  EXPECT_EQ(interrupted.steps, 20);
  EXPECT_TRUE(std::isnan(interrupted.val_loss));

  const TrainResult resumed = Train(spec);
  EXPECT_EQ(resumed.resumed_from_step, 20);
  EXPECT_EQ(resumed.steps, 40);
  EXPECT_EQ(resumed.tokens, uninterrupted.tokens);
  EXPECT_EQ(resumed.loss_curve, uninterrupted.loss_curve);
  EXPECT_EQ(resumed.final_train_loss, uninterrupted.final_train_loss);
  EXPECT_EQ(resumed.val_loss, uninterrupted.val_loss);
  EXPECT_EQ(resumed.status, uninterrupted.status);
}

TEST(Trainer, StopWithoutPeriodicCheckpointWritesOne) {
  TrainSpec spec = TinyByteSpec(6);
  TempFolder checkpoints("stop");
  spec.checkpoint_dir = checkpoints.path();
  TrainHooks stop_at_once;
  stop_at_once.should_stop = [] { return true; };
  const TrainResult interrupted = Train(spec, stop_at_once);
  EXPECT_EQ(interrupted.status, "interrupted");
  EXPECT_EQ(interrupted.steps, 1);
  const TrainResult resumed = Train(spec);
  EXPECT_EQ(resumed.resumed_from_step, 1);
  EXPECT_EQ(CurveLosses(resumed), CurveLosses(Train(TinyByteSpec(6))));
}

TEST(Trainer, RejectsCheckpointOfAnotherRun) {
  TempFolder checkpoints("foreign");
  TrainSpec spec = TinyByteSpec(2);
  spec.checkpoint_dir = checkpoints.path();
  spec.checkpoint_every = 1;
  Train(spec);
  spec.seed = 99;
  try {
    Train(spec);
    FAIL() << "resumed another seed's checkpoint";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(checkpoints.path()), std::string::npos) << message;
    EXPECT_NE(message.find("/run/seed"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace reslab::train
