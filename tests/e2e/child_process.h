// A child process for the end-to-end tests: spawned with posix_spawn, its stdout and stderr
// written to a log file, killed with SIGKILL when the object goes away.
#ifndef RESLAB_TESTS_E2E_CHILD_PROCESS_H_
#define RESLAB_TESTS_E2E_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace reslab::e2e {

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`, appending its output to `log_path`. Throws std::runtime_error
  // when the process cannot be spawned.
  ChildProcess(std::vector<std::string> argv, std::string log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends `signal_number` unless the process has already been reaped.
  void Signal(int signal_number);
  // Waits up to `timeout` for the process to exit. Returns its exit code (128 + N when signal N
  // ended it), or nothing when it is still running.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // True while the process has not been reaped.
  bool Running();

  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }
  // The log written so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// Runs a command to completion (bounded by `timeout`, then SIGKILL) and returns its exit code,
// storing its output in `*output`.
int RunCommand(const std::vector<std::string>& argv, const std::string& log_path,
               std::chrono::milliseconds timeout, std::string* output);

}  // namespace reslab::e2e

#endif  // RESLAB_TESTS_E2E_CHILD_PROCESS_H_
