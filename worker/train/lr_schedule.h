// The learning-rate schedule: linear warmup to the peak, then a cosine decay to 10% of it.
#ifndef RESLAB_WORKER_TRAIN_LR_SCHEDULE_H_
#define RESLAB_WORKER_TRAIN_LR_SCHEDULE_H_

#include <cstdint>

namespace reslab::train {

// Fraction of the peak learning rate that the cosine decays to.
inline constexpr double kFinalLrFraction = 0.1;

// Learning rate of optimizer step `step` (0-based) of a `total_steps` run. With
// w = min(warmup_steps, total_steps): steps 0 .. w-1 ramp linearly as peak * (step + 1) / w, so
// step w - 1 reaches the peak; from step w the rate follows
// min + (peak - min) * (1 + cos(pi * (step - w) / (total_steps - w))) / 2 with
// min = kFinalLrFraction * peak, reaching min at step total_steps (one past the last step).
double LearningRate(int64_t step, double peak_lr, int64_t warmup_steps, int64_t total_steps);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_LR_SCHEDULE_H_
