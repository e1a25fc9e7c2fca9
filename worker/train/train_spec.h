// What one training run needs (TrainSpec) and what it produces (TrainResult). Both round-trip
// through JSON: `reslab-worker train --spec FILE` reads a TrainSpec and writes a TrainResult.
#ifndef RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_
#define RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "worker/model/model_options.h"

namespace reslab::train {

// Where the tokens come from.
struct DataOptions {
  // "sentencepiece", "byte" or "tokens".
  std::string tokenizer = "sentencepiece";
  // UTF-8 text file or folder of *.txt files (sentencepiece, byte).
  std::string corpus;
  // Flat little-endian uint16 token file (tokens).
  std::string token_file;
  // Vocabulary size (sentencepiece, tokens); 256 for byte.
  int64_t vocab_size = 0;
  // Folder for cached tokenizer models and token streams; empty means a default cache folder.
  std::string cache_dir;
};

struct TrainSpec {
  model::ModelOptions model;
  DataOptions data;
  int64_t seed = 0;
  int64_t steps = 1000;
  // Sequences per optimizer step, and per forward pass (batch_size must be a multiple).
  int64_t batch_size = 64;
  int64_t micro_batch_size = 0;  // 0 means batch_size
  double lr = 2e-4;
  int64_t warmup_steps = 500;
  double weight_decay = 0.1;
  double grad_clip = 1.0;
  int64_t eval_windows = 64;
  int64_t log_every = 10;
  // Checkpoint every N optimizer steps; 0 disables periodic checkpoints (signals still write
  // one when checkpoint_dir is set).
  int64_t checkpoint_every = 0;
  // Folder for this run's checkpoint; empty disables checkpoints and resume.
  std::string checkpoint_dir;
  // "auto" (CUDA when available), "cpu", "cuda" or "cuda:N".
  std::string device = "auto";
};

void to_json(nlohmann::json& json, const DataOptions& options);
void from_json(const nlohmann::json& json, DataOptions& options);
void to_json(nlohmann::json& json, const TrainSpec& spec);
void from_json(const nlohmann::json& json, TrainSpec& spec);

struct MetricPoint {
  int64_t step = 0;
  std::string name;
  double value = 0.0;
};

struct TrainResult {
  // "completed", "diverged", "failed_to_train", or "interrupted" (stopped by a signal or a
  // cancel request after writing a checkpoint; not a final outcome).
  std::string status;
  double val_loss = 0.0;
  double ece = 0.0;
  int64_t params = 0;
  int64_t steps = 0;
  int64_t tokens = 0;
  double seconds = 0.0;
  int64_t micro_batch_size = 0;
  // Training loss per logged step.
  std::vector<std::pair<int64_t, double>> loss_curve;
  // Human-readable detail, such as the step where the loss became non-finite.
  std::string message;
};

void to_json(nlohmann::json& json, const TrainResult& result);
void from_json(const nlohmann::json& json, TrainResult& result);

// Callbacks from the training loop, all called on the training thread.
struct TrainHooks {
  // Receives the metrics of each logging interval, in step order.
  std::function<void(const std::vector<MetricPoint>&)> on_metrics;
  // Polled once per optimizer step; returning true makes the trainer checkpoint (when it has a
  // checkpoint_dir) and return with status "interrupted".
  std::function<bool()> should_stop;
};

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_TRAIN_SPEC_H_
