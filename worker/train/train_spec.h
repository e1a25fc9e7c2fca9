// What one training run needs (TrainSpec) and what it produces (TrainResult). Both round-trip
// through JSON: `reslab-worker train --spec FILE` reads a TrainSpec and writes a TrainResult.
#ifndef RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_
#define RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include "worker/data/data_options.h"
#include "worker/model/model_options.h"

namespace reslab::train {

// Where the tokens come from; defined in worker/data so the data pipeline does not depend on
// the trainer.
using DataOptions = data::DataOptions;

struct TrainSpec {
  // The model. Train() sets model.vocab_size to the tokenizer's vocabulary size (see
  // data::ResolveVocabSize: data.vocab_size, or model.vocab_size when that is 0).
  model::ModelOptions model;
  DataOptions data;
  // Seeds the model initialisation and the training-window sampler; nothing else.
  int64_t seed = 0;
  int64_t steps = 1000;
  // Sequences per optimizer step, and per forward pass (batch_size must be a multiple).
  int64_t batch_size = 64;
  int64_t micro_batch_size = 0;  // 0 means batch_size
  // Peak learning rate, reached after warmup_steps and decayed by a cosine to 10% of it.
  double lr = 2e-4;
  int64_t warmup_steps = 500;
  double weight_decay = 0.1;
  // Maximum global gradient norm; 0 disables clipping.
  double grad_clip = 1.0;
  // Fixed validation windows for the final evaluation.
  int64_t eval_windows = 64;
  // Optimizer steps between metric reports.
  int64_t log_every = 10;
  // Checkpoint every N optimizer steps; 0 disables periodic checkpoints (signals still write
  // one when checkpoint_dir is set).
  int64_t checkpoint_every = 0;
  // Folder for this run's checkpoint; empty disables checkpoints and resume.
  std::string checkpoint_dir;
  // "auto" (CUDA when available), "cpu", "cuda" or "cuda:N".
  std::string device = "auto";

  // Throws std::invalid_argument naming the first invalid field and its value. The data files
  // are checked when Train() loads them.
  void Validate() const;
};

// Round trip through JSON objects with the field names above. Missing fields keep their
// defaults; unknown fields and wrong types throw std::invalid_argument naming the field.
void to_json(nlohmann::json& json, const TrainSpec& spec);
void from_json(const nlohmann::json& json, TrainSpec& spec);

struct MetricPoint {
  int64_t step = 0;
  std::string name;
  double value = 0.0;
};

// Training outcomes (TrainResult::status).
inline constexpr const char* kStatusCompleted = "completed";
inline constexpr const char* kStatusDiverged = "diverged";
inline constexpr const char* kStatusFailedToTrain = "failed_to_train";
inline constexpr const char* kStatusInterrupted = "interrupted";

struct TrainResult {
  // "completed", "diverged" (a non-finite training loss: training stopped at that step),
  // "failed_to_train" (the final training loss is not clearly below the initial one), or
  // "interrupted" (stopped by should_stop after writing a checkpoint; not a final outcome).
  std::string status;
  // Mean validation cross-entropy (nats per token) and expected calibration error of the top-1
  // prediction over the fixed validation windows. NaN when there was no evaluation
  // (diverged, interrupted); JSON writes NaN as null.
  double val_loss = 0.0;
  double ece = 0.0;
  int64_t params = 0;
  // Optimizer steps done and training tokens consumed, including those before a resume.
  int64_t steps = 0;
  int64_t tokens = 0;
  // Wall-clock seconds of this process's call, excluding time before a resume.
  double seconds = 0.0;
  // Micro-batch size at the end, smaller than the spec's after out-of-memory halvings.
  int64_t micro_batch_size = 0;
  // Times the micro-batch was halved after a CUDA out-of-memory error.
  int64_t oom_halvings = 0;
  // Step of the checkpoint this call resumed from; 0 for a fresh start.
  int64_t resumed_from_step = 0;
  // Device the run trained on, such as "cpu" or "cuda:0".
  std::string device;
  // Training loss of the first step, and the mean over the last min(10, steps) steps.
  double initial_train_loss = 0.0;
  double final_train_loss = 0.0;
  // (step, mean training loss since the previous point) at every logging interval and at the
  // last step; after a divergence the last point is the non-finite loss.
  std::vector<std::pair<int64_t, double>> loss_curve;
  // Human-readable detail, such as the step where the loss became non-finite.
  std::string message;
};

void to_json(nlohmann::json& json, const TrainResult& result);
void from_json(const nlohmann::json& json, TrainResult& result);

// Callbacks from the training loop, all called on the training thread.
struct TrainHooks {
  // Receives the metrics of each logging interval, in step order: step, train_loss, lr,
  // tokens_per_second, grad_norm_first, grad_norm_last and gate_mean/<i> for gated variants.
  std::function<void(const std::vector<MetricPoint>&)> on_metrics;
  // Called after each optimizer step with the number of steps done and that step's loss.
  std::function<void(int64_t step, double loss)> on_step;
  // Receives each step's training batch (int64 [batch_size, block_size + 1] on the CPU) before
  // its forward passes.
  std::function<void(int64_t step, const torch::Tensor& batch)> on_batch;
  // Called before every forward pass of a training micro-batch with its size. An exception it
  // throws is handled like one from the forward pass, so a test can inject an out-of-memory
  // error.
  std::function<void(int64_t step, int64_t micro_batch_size)> before_micro_batch;
  // Polled once per optimizer step; returning true makes the trainer checkpoint (when it has a
  // checkpoint_dir) and return with status "interrupted".
  std::function<bool()> should_stop;
};

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_
