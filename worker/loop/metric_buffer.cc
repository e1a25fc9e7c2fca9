#include "worker/loop/metric_buffer.h"

#include <algorithm>

namespace reslab::loop {

void MetricBuffer::Append(const std::vector<train::MetricPoint>& points) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const train::MetricPoint& point : points) {
    v1::Metric& metric = metrics_.emplace_back();
    metric.set_step(point.step);
    metric.set_name(point.name);
    metric.set_value(point.value);
    latest_step_ = std::max(latest_step_, point.step);
  }
}

std::vector<v1::Metric> MetricBuffer::Front(size_t max_count) const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t count = std::min(max_count, metrics_.size());
  return std::vector<v1::Metric>(metrics_.begin(), metrics_.begin() + count);
}

void MetricBuffer::DropFront(size_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  count = std::min(count, metrics_.size());
  metrics_.erase(metrics_.begin(), metrics_.begin() + count);
}

size_t MetricBuffer::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return metrics_.size();
}

int64_t MetricBuffer::latest_step() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_step_;
}

}  // namespace reslab::loop
