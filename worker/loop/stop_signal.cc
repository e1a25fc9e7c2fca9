#include "worker/loop/stop_signal.h"

#include <algorithm>
#include <thread>

#include "worker/train/stop_request.h"

namespace reslab::loop {

bool StopRequested() { return train::TrainStopSignal() != 0; }

int StopSignal() { return train::TrainStopSignal(); }

bool SleepUnlessStopped(std::chrono::milliseconds duration) {
  constexpr std::chrono::milliseconds kSlice(50);
  auto deadline = std::chrono::steady_clock::now() + duration;
  while (!StopRequested()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(kSlice, deadline - now));
  }
  return false;
}

}  // namespace reslab::loop
