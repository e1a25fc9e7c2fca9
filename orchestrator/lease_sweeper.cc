#include "orchestrator/lease_sweeper.h"

#include <spdlog/spdlog.h>

namespace reslab::orchestrator {

LeaseSweeper::LeaseSweeper(Scheduler& scheduler, std::chrono::milliseconds interval)
    : scheduler_(scheduler), interval_(interval), thread_([this] { Loop(); }) {}

LeaseSweeper::~LeaseSweeper() { Stop(); }

void LeaseSweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LeaseSweeper::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      scheduler_.ExpireLeases();
    } catch (const std::exception& error) {
      spdlog::error("lease sweep failed: {}", error.what());
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace reslab::orchestrator
