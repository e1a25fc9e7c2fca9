// Checkpoints: everything a run needs to continue exactly where it stopped.
#ifndef RESLAB_WORKER_TRAIN_CHECKPOINT_H_
#define RESLAB_WORKER_TRAIN_CHECKPOINT_H_

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "worker/model/gpt.h"

namespace reslab::train {

// The trainer's own state between optimizer steps.
struct TrainingProgress {
  // Optimizer steps done, which is also the next step's index.
  int64_t step = 0;
  int64_t tokens = 0;
  // Current micro-batch size (smaller than the spec's after out-of-memory halvings).
  int64_t micro_batch_size = 0;
  int64_t oom_halvings = 0;
  // Loss of step 0; NaN until it ran.
  double initial_loss = 0.0;
  // Training losses of up to the last 10 steps, oldest first.
  std::vector<double> recent_losses;
  std::vector<std::pair<int64_t, double>> loss_curve;
  // Loss sum and step count since the last logged point.
  double interval_loss_sum = 0.0;
  int64_t interval_steps = 0;
};

// What identifies a checkpoint's run: every setting that changes the training trajectory, and
// the training-window sampler (seed and number of windows, which changes with the data).
struct CheckpointIdentity {
  nlohmann::json run;
  uint64_t sampler_seed = 0;
  int64_t sampler_windows = 0;
};

// The checkpoint file inside a run's checkpoint folder.
std::string CheckpointPath(const std::string& checkpoint_dir);

// Writes the model, the optimizer state, `progress`, `identity` and the state of every default
// random generator (CPU and each CUDA device) to CheckpointPath(checkpoint_dir), atomically
// (temporary file, flush, rename).
void SaveCheckpoint(const std::string& checkpoint_dir, const CheckpointIdentity& identity,
                    model::Gpt& model, torch::optim::Optimizer& optimizer,
                    const TrainingProgress& progress);

// Restores what SaveCheckpoint wrote, with tensors moved to `device`. Returns false, touching
// nothing, when there is no checkpoint file. Throws std::invalid_argument naming the file and
// the differing settings when the checkpoint belongs to another run.
bool LoadCheckpoint(const std::string& checkpoint_dir, const CheckpointIdentity& identity,
                    const torch::Device& device, model::Gpt& model,
                    torch::optim::Optimizer& optimizer, TrainingProgress* progress);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_CHECKPOINT_H_
