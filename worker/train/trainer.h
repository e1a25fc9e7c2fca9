// Trains one run end to end: data, model, AdamW with warmup and cosine decay, checkpoints,
// evaluation. Divergence and failure to train are results, returned in TrainResult::status.
#ifndef RESLAB_WORKER_TRAIN_TRAINER_H_
#define RESLAB_WORKER_TRAIN_TRAINER_H_

#include "worker/train/train_spec.h"

namespace reslab::train {

// Trains `spec`, resuming from spec.checkpoint_dir when it holds a checkpoint. Throws
// std::invalid_argument (message naming the field or file and the value) for bad specs or
// data; other exceptions mean an infrastructure failure.
TrainResult Train(const TrainSpec& spec, const TrainHooks& hooks = {});

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_TRAINER_H_
