#include "worker/loop/heartbeat_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "proto/client_channel.h"
#include "worker/loop/backoff.h"

namespace reslab::loop {
namespace {

constexpr std::chrono::milliseconds kMinRpcTimeout(2000);
constexpr std::chrono::milliseconds kMaxRpcTimeout(10000);
constexpr std::chrono::milliseconds kInitialRetryDelay(200);
constexpr std::chrono::milliseconds kMaxRetryDelay(5000);

}  // namespace

HeartbeatSender::HeartbeatSender(v1::WorkerService::Stub* stub, std::string token,
                                 LeaseIdentity lease, MetricBuffer* buffer,
                                 std::chrono::milliseconds interval)
    : stub_(stub),
      token_(std::move(token)),
      lease_(std::move(lease)),
      buffer_(buffer),
      interval_(std::max(interval, std::chrono::milliseconds(50))) {}

HeartbeatSender::~HeartbeatSender() { Stop(); }

void HeartbeatSender::Start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { ThreadMain(); });
}

void HeartbeatSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

grpc::Status HeartbeatSender::SendOnce() {
  std::vector<v1::Metric> batch = buffer_->Front(kMaxMetricsPerHeartbeat);
  v1::HeartbeatRequest request;
  request.set_worker_id(lease_.worker_id);
  request.set_run_id(lease_.run_id);
  request.set_fencing_token(lease_.fencing_token);
  request.set_step(buffer_->latest_step());
  for (v1::Metric& metric : batch) *request.add_metrics() = std::move(metric);

  grpc::ClientContext context;
  rpc::PrepareContext(context, token_, std::clamp(interval_, kMinRpcTimeout, kMaxRpcTimeout));
  v1::HeartbeatResponse response;
  grpc::Status status = stub_->Heartbeat(&context, request, &response);
  if (status.ok()) {
    buffer_->DropFront(batch.size());
    if (response.action() == v1::HeartbeatResponse::ACTION_CANCEL &&
        !cancel_requested_.exchange(true)) {
      spdlog::info("run {} cancelled by the orchestrator; stopping it", lease_.run_id);
    }
    return status;
  }
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::NOT_FOUND) {
    if (!lease_lost_.exchange(true)) {
      spdlog::warn("heartbeat for run {} (token {}) rejected: {}; stopping the run",
                   lease_.run_id, lease_.fencing_token, status.error_message());
    }
  }
  return status;
}

bool HeartbeatSender::Drain(size_t max_left, std::chrono::steady_clock::time_point deadline) {
  Backoff backoff(kInitialRetryDelay, kMaxRetryDelay);
  while (buffer_->size() > max_left) {
    grpc::Status status = SendOnce();
    if (status.ok()) {
      backoff.Reset();
      continue;
    }
    if (!rpc::IsTransient(status)) return false;
    auto delay = backoff.Next();
    if (std::chrono::steady_clock::now() + delay > deadline) return false;
    spdlog::warn("heartbeat for run {} failed ({}); retrying in {} ms", lease_.run_id,
                 status.error_message(), delay.count());
    std::this_thread::sleep_for(delay);
  }
  return true;
}

void HeartbeatSender::ThreadMain() {
  Backoff backoff(kInitialRetryDelay, kMaxRetryDelay);
  auto next = std::chrono::steady_clock::now() + interval_;
  bool failing = false;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    grpc::Status status = SendOnce();
    if (lease_lost_.load()) return;
    if (status.ok()) {
      if (failing) {
        spdlog::info("heartbeat for run {} reached the orchestrator again; {} metrics pending",
                     lease_.run_id, buffer_->size());
      }
      failing = false;
      backoff.Reset();
      // A backlog from an outage goes out at once, one batch after the other.
      bool backlog = buffer_->size() >= kMaxMetricsPerHeartbeat;
      next = std::chrono::steady_clock::now() +
             (backlog ? std::chrono::milliseconds(0) : interval_);
      continue;
    }
    failing = true;
    auto delay = std::min(backoff.Next(), std::max(interval_, kMaxRetryDelay));
    spdlog::warn("heartbeat for run {} failed ({}: {}); {} metrics kept, retrying in {} ms",
                 lease_.run_id, static_cast<int>(status.error_code()), status.error_message(),
                 buffer_->size(), delay.count());
    next = std::chrono::steady_clock::now() + delay;
  }
}

}  // namespace reslab::loop
