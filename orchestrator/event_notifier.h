// Wakes WatchSweep streams when events are appended. It holds only the newest event id, so a
// waiter reads the events themselves from the store.
#ifndef RESLAB_ORCHESTRATOR_EVENT_NOTIFIER_H_
#define RESLAB_ORCHESTRATOR_EVENT_NOTIFIER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace reslab::orchestrator {

class EventNotifier {
 public:
  // Records that events up to `event_id` are stored and wakes every waiter.
  void Publish(int64_t event_id);
  // Waits at most `timeout` for an event newer than `after_event_id`. Returns true when one
  // exists, false on timeout or after Close().
  bool WaitForNewer(int64_t after_event_id, std::chrono::milliseconds timeout);
  // Wakes every waiter and makes later waits return false at once (server shutdown).
  void Close();
  bool closed() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int64_t last_event_id_ = 0;
  bool closed_ = false;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_EVENT_NOTIFIER_H_
