// The heartbeat thread of a leased run: renews the lease every heartbeat interval and sends the
// buffered metrics, in order. When the orchestrator cannot be reached it keeps the metrics and
// retries with exponential backoff; training goes on meanwhile.
// NOTE: metrics still buffered when the process is killed (SIGKILL) are lost, and a retry that
// resumes from a later checkpoint does not log those steps again.
#ifndef RESLAB_WORKER_LOOP_HEARTBEAT_SENDER_H_
#define RESLAB_WORKER_LOOP_HEARTBEAT_SENDER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "reslab/v1/worker.grpc.pb.h"
#include "worker/loop/metric_buffer.h"

namespace reslab::loop {

// Identity of one lease: every report carries it.
struct LeaseIdentity {
  std::string worker_id;
  int64_t run_id = 0;
  int64_t fencing_token = 0;
};

class HeartbeatSender {
 public:
  // Metrics per heartbeat; larger backlogs go out over several heartbeats.
  static constexpr size_t kMaxMetricsPerHeartbeat = 5000;

  HeartbeatSender(v1::WorkerService::Stub* stub, std::string token, LeaseIdentity lease,
                  MetricBuffer* buffer, std::chrono::milliseconds interval);
  ~HeartbeatSender();
  HeartbeatSender(const HeartbeatSender&) = delete;
  HeartbeatSender& operator=(const HeartbeatSender&) = delete;

  // Starts the thread; the first heartbeat goes out one interval from now.
  void Start();
  // Stops and joins the thread. An RPC in flight finishes first (its deadline bounds the wait).
  void Stop();

  // Sends one heartbeat carrying up to kMaxMetricsPerHeartbeat buffered metrics and drops
  // them from the buffer when the orchestrator acknowledges them. Returns the RPC status.
  grpc::Status SendOnce();

  // Sends heartbeats until at most `max_left` metrics remain buffered, retrying transient
  // errors with backoff until `deadline`. Returns false when it gave up.
  bool Drain(size_t max_left, std::chrono::steady_clock::time_point deadline);

  // True once a heartbeat reply carried ACTION_CANCEL because the sweep was cancelled.
  bool cancel_requested() const { return cancel_requested_.load(); }
  // The orchestrator rejected the lease (FAILED_PRECONDITION or NOT_FOUND): it was expired
  // and handed to another worker, so this attempt must stop without reporting.
  bool lease_lost() const { return lease_lost_.load(); }

 private:
  void ThreadMain();

  v1::WorkerService::Stub* stub_;
  std::string token_;
  LeaseIdentity lease_;
  MetricBuffer* buffer_;
  std::chrono::milliseconds interval_;

  std::atomic<bool> cancel_requested_{false};
  std::atomic<bool> lease_lost_{false};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_HEARTBEAT_SENDER_H_
