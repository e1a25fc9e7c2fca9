// Metrics reported by the trainer and not yet acknowledged by the orchestrator, in step order.
#ifndef RESLAB_WORKER_LOOP_METRIC_BUFFER_H_
#define RESLAB_WORKER_LOOP_METRIC_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "reslab/v1/run.pb.h"
#include "worker/train/train_spec.h"

namespace reslab::loop {

// A thread-safe FIFO: the training thread appends, the heartbeat thread sends the oldest
// entries and drops them once the orchestrator has stored them.
class MetricBuffer {
 public:
  // Appends `points` and records the highest step seen.
  void Append(const std::vector<train::MetricPoint>& points);

  // Returns copies of the oldest `max_count` metrics (fewer when fewer are buffered).
  std::vector<v1::Metric> Front(size_t max_count) const;

  // Removes the oldest `count` metrics, after the orchestrator acknowledged them.
  void DropFront(size_t count);

  size_t size() const;
  int64_t latest_step() const;

 private:
  mutable std::mutex mutex_;
  std::deque<v1::Metric> metrics_;
  int64_t latest_step_ = 0;
};

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_METRIC_BUFFER_H_
