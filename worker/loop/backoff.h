// Exponential backoff for retrying calls to the orchestrator.
#ifndef RESLAB_WORKER_LOOP_BACKOFF_H_
#define RESLAB_WORKER_LOOP_BACKOFF_H_

#include <algorithm>
#include <chrono>

namespace reslab::loop {

// Delays that start at `initial` and double on each call to Next() up to `max`.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(initial), max_(max), next_(initial) {}

  // Returns the delay to wait now and doubles the following one.
  std::chrono::milliseconds Next() {
    std::chrono::milliseconds current = next_;
    next_ = std::min(max_, next_ * 2);
    return current;
  }

  void Reset() { next_ = initial_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
};

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_BACKOFF_H_
