#include "worker/train/stop_request.h"

#include <signal.h>

#include <atomic>

namespace reslab::train {
namespace {

// Lock-free, so storing to it is safe inside a signal handler.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

void RecordStopSignal(int signal_number) { g_stop_signal.store(signal_number); }

}  // namespace

void InstallTrainStopHandlers() {
  struct sigaction action {};
  action.sa_handler = RecordStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  // SIGUSR1 would kill the process by default, so its handler stays installed.
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
}

int TrainStopSignal() { return g_stop_signal.load(); }

}  // namespace reslab::train
