// Conversions between the orchestrator's run messages and the trainer's types.
#ifndef RESLAB_WORKER_LOOP_RUN_CONVERSION_H_
#define RESLAB_WORKER_LOOP_RUN_CONVERSION_H_

#include <string>

#include "reslab/v1/run.pb.h"
#include "worker/train/train_spec.h"

namespace reslab::loop {

// Worker-side settings that a RunSpec does not carry.
struct LocalTrainSettings {
  // "cpu", "cuda" or "cuda:N" (already resolved from "auto" or not; the trainer accepts both).
  std::string device = "auto";
  // Each run checkpoints into <checkpoint_root>/<sweep>/<run_id>, so a retried attempt on this
  // machine resumes where the previous one stopped.
  std::string checkpoint_root;
  // Tokenizer and token-stream cache; empty means the trainer's default.
  std::string cache_dir;
};

// Returns the checkpoint folder of `run` under `checkpoint_root`.
std::string CheckpointDir(const std::string& checkpoint_root, const v1::RunSpec& run);

// Builds the trainer's spec from a leased run. The orchestrator has filled every default, so
// values are copied as they are and the trainer validates them. Throws std::invalid_argument
// naming the field and value for an unknown variant or tokenizer.
train::TrainSpec ToTrainSpec(const v1::RunSpec& run, const LocalTrainSettings& settings);

// Builds the RunResult reported to the orchestrator; result_json contains the whole TrainResult.
v1::RunResult ToRunResult(const train::TrainResult& result);

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_RUN_CONVERSION_H_
