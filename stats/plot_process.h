// Runs a helper program (gnuplot) as a child process with a time limit.
#ifndef RESLAB_STATS_PLOT_PROCESS_H_
#define RESLAB_STATS_PLOT_PROCESS_H_

#include <string>
#include <vector>

namespace reslab::stats {

struct ProcessResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 when it did not exit normally (signal or not started).
  std::string output;  // stdout and stderr together, or why it did not start.
};

// Runs `argv` (argv[0] looked up on PATH) with stdout and stderr captured to `log_path`. Waits
// at most `timeout_seconds`, then kills a child that is still running with SIGKILL.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& log_path,
                         int timeout_seconds);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_PLOT_PROCESS_H_
