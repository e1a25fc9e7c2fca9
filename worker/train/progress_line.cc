#include "worker/train/progress_line.h"

#include <string>

namespace reslab::train {
namespace {

std::string FormatDuration(double seconds) {
  const auto total = static_cast<int64_t>(seconds + 0.5);
  const int64_t hours = total / 3600;
  const int64_t minutes = (total % 3600) / 60;
  const int64_t rest = total % 60;
  if (hours > 0) return std::to_string(hours) + "h" + std::to_string(minutes) + "m";
  if (minutes > 0) return std::to_string(minutes) + "m" + std::to_string(rest) + "s";
  return std::to_string(rest) + "s";
}

}  // namespace

ProgressLine::ProgressLine(std::FILE* stream, int64_t total_steps, int64_t tokens_per_step)
    : stream_(stream), total_steps_(total_steps), tokens_per_step_(tokens_per_step) {}

void ProgressLine::Update(int64_t step, double loss) {
  const Clock::time_point now = Clock::now();
  if (first_step_ < 0) {
    // The first step after a start or resume sets the reference for rates.
    first_step_ = step;
    first_time_ = now;
  }
  if (printed_ && step != total_steps_ && now - last_print_ < std::chrono::milliseconds(200)) {
    return;
  }
  last_print_ = now;
  printed_ = true;

  const double elapsed = std::chrono::duration<double>(now - first_time_).count();
  const int64_t steps_done = step - first_step_;
  std::string rate = "-";
  std::string eta = "-";
  if (steps_done > 0 && elapsed > 0.0) {
    const double tokens_per_second =
        static_cast<double>(steps_done * tokens_per_step_) / elapsed;
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.1fk", tokens_per_second / 1000.0);
    rate = buffer;
    eta = FormatDuration(elapsed / static_cast<double>(steps_done) *
                         static_cast<double>(total_steps_ - step));
  }
  std::fprintf(stream_, "\r\033[Kstep %lld/%lld  loss %.4f  %s tok/s  ETA %s",
               static_cast<long long>(step), static_cast<long long>(total_steps_), loss,
               rate.c_str(), eta.c_str());
  std::fflush(stream_);
}

void ProgressLine::Finish() {
  if (printed_) std::fputc('\n', stream_);
  std::fflush(stream_);
}

}  // namespace reslab::train
