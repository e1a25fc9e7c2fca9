// The one-line progress display of `reslab-worker train` on a terminal.
#ifndef RESLAB_WORKER_TRAIN_PROGRESS_LINE_H_
#define RESLAB_WORKER_TRAIN_PROGRESS_LINE_H_

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace reslab::train {

// Rewrites one line on `stream` ("step 120/1000  loss 3.2104  15.2k tok/s  ETA 1m23s") at most
// five times a second, plus the last step.
class ProgressLine {
 public:
  ProgressLine(std::FILE* stream, int64_t total_steps, int64_t tokens_per_step);

  void Update(int64_t step, double loss);
  // Ends the line so later output starts on a fresh one.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;

  std::FILE* stream_;
  int64_t total_steps_;
  int64_t tokens_per_step_;
  int64_t first_step_ = -1;
  Clock::time_point first_time_;
  Clock::time_point last_print_;
  bool printed_ = false;
};

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_PROGRESS_LINE_H_
