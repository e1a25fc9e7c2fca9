#include "worker/train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace reslab::train {

double LearningRate(int64_t step, double peak_lr, int64_t warmup_steps, int64_t total_steps) {
  const int64_t warmup = std::clamp<int64_t>(warmup_steps, 0, total_steps);
  if (step < warmup) {
    return peak_lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
  }
  const double min_lr = kFinalLrFraction * peak_lr;
  const int64_t decay_steps = total_steps - warmup;
  const double progress =
      decay_steps <= 0
          ? 1.0
          : std::min(1.0, static_cast<double>(step - warmup) / static_cast<double>(decay_steps));
  return min_lr + (peak_lr - min_lr) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

}  // namespace reslab::train
