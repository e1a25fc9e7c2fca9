// A background thread that expires overdue leases at a fixed interval, so runs held by dead
// workers go back to the queue even when no worker asks for a lease.
#ifndef RESLAB_ORCHESTRATOR_LEASE_SWEEPER_H_
#define RESLAB_ORCHESTRATOR_LEASE_SWEEPER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "orchestrator/scheduler.h"

namespace reslab::orchestrator {

class LeaseSweeper {
 public:
  // Starts the thread; the first sweep runs at once, which requeues leases that expired
  // while the orchestrator was down.
  LeaseSweeper(Scheduler& scheduler, std::chrono::milliseconds interval);
  // Stops and joins the thread.
  ~LeaseSweeper();
  LeaseSweeper(const LeaseSweeper&) = delete;
  LeaseSweeper& operator=(const LeaseSweeper&) = delete;

  void Stop();

 private:
  void Loop();

  Scheduler& scheduler_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_LEASE_SWEEPER_H_
