#include "worker/loop/stop_signal.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace reslab::loop {
namespace {

// Lock-free, so reading and writing it is safe inside a signal handler.
std::atomic<int> g_stop_signal{0};

void HandleStopSignal(int signal_number) { g_stop_signal.store(signal_number); }

}  // namespace

void InstallStopSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = HandleStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool StopRequested() { return g_stop_signal.load() != 0; }

int StopSignal() { return g_stop_signal.load(); }

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
