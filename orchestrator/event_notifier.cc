#include "orchestrator/event_notifier.h"

namespace reslab::orchestrator {

void EventNotifier::Publish(int64_t event_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (event_id > last_event_id_) last_event_id_ = event_id;
  }
  changed_.notify_all();
}

bool EventNotifier::WaitForNewer(int64_t after_event_id, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return closed_ || last_event_id_ > after_event_id; });
  return !closed_ && last_event_id_ > after_event_id;
}

void EventNotifier::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool EventNotifier::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

}  // namespace reslab::orchestrator
