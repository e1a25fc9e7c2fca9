// Local reslab-worker child processes for `reslab sweep`: spawn, respawn, stop.
#ifndef RESLAB_CLI_WORKER_POOL_H_
#define RESLAB_CLI_WORKER_POOL_H_

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace reslab::cli {

struct WorkerPoolOptions {
  // Path of the reslab-worker executable.
  std::string binary;
  // Arguments after the binary, the same for every worker.
  std::vector<std::string> arguments;
  // Worker i writes its log to <log_dir>/worker-<i>.log (appending).
  std::string log_dir;
  // Environment entries added for each worker, such as "OMP_NUM_THREADS=1".
  std::vector<std::string> environment;
};

// Owns N worker processes. Each child gets SIGTERM when this process dies (PR_SET_PDEATHSIG),
// so a killed `reslab sweep` leaves no worker behind.
class WorkerPool {
 public:
  explicit WorkerPool(WorkerPoolOptions options) : options_(std::move(options)) {}
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Starts `count` workers. Throws std::runtime_error when a process cannot be started.
  void Start(int count);
  // Reaps exited workers and returns how many exited since the last call; `abnormal` counts
  // those that exited with a non-zero status or a signal.
  int Reap(int* abnormal);
  // Starts a replacement for worker slot `slot` if it has exited.
  void Respawn(int slot);
  // Slots whose process has exited.
  std::vector<int> ExitedSlots() const;
  int running() const;
  // Sends SIGTERM to every running worker, waits up to `grace` for them to exit (each
  // checkpoints and reports its run as preempted), then sends SIGKILL to the rest.
  void Stop(std::chrono::milliseconds grace);
  std::string LogPath(int slot) const;

 private:
  pid_t Spawn(int slot);

  WorkerPoolOptions options_;
  std::vector<pid_t> pids_;  // -1 once reaped
};

// Finds reslab-worker: `explicit_path` when given, else $RESLAB_WORKER_BIN, else beside this
// executable, else in ../worker/ of the build tree, else on PATH. Throws std::runtime_error
// listing the places tried.
std::string FindWorkerBinary(const std::string& explicit_path);

}  // namespace reslab::cli

#endif  // RESLAB_CLI_WORKER_POOL_H_
