// The end-to-end test bench: a temporary folder with a small corpus, a free loopback port, and
// helpers that start `reslab serve` and `reslab-worker` processes and read the SQLite file.
#ifndef RESLAB_TESTS_E2E_LAB_H_
#define RESLAB_TESTS_E2E_LAB_H_

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/child_process.h"

namespace reslab::e2e {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Polls `condition` every `poll` until it is true or `timeout` passes. Returns its last value.
bool WaitUntil(const std::function<bool()>& condition, milliseconds timeout,
               milliseconds poll = milliseconds(100));

class Lab {
 public:
  // Creates the folder, copies two State of the Union addresses into <dir>/corpus and picks a
  // free port on 127.0.0.1.
  Lab();
  // Kills every process still running, prints their logs when the test failed and deletes the
  // folder.
  ~Lab();

  // Starts `reslab serve` on the lab's port and database and waits until it accepts calls.
  ChildProcess& StartServe(double lease_ttl_seconds, double heartbeat_seconds);
  // Starts `reslab-worker --orchestrator` with the lab's checkpoint and cache folders.
  ChildProcess& StartWorker(const std::string& name, double exit_when_idle_seconds,
                            const std::vector<std::string>& extra = {});
  // Starts `reslab ARGS... --orchestrator ADDRESS` in the background.
  ChildProcess& StartReslab(const std::vector<std::string>& args, const std::string& name);
  // Runs `reslab ARGS... --orchestrator ADDRESS` and returns its exit code.
  int Reslab(const std::vector<std::string>& args, std::string* output = nullptr,
             milliseconds timeout = seconds(60));

  // A micro sweep: configs tiny16 (d 16, 1 layer) and tiny32 (d 32, 2 layers), variants
  // standard and review, the given seeds, byte tokens from the lab's corpus.
  nlohmann::json MicroSweep(const std::string& name, int steps,
                            const std::vector<int>& seeds = {1, 2}) const;
  // Writes `spec` to a file and submits it with `reslab submit`; returns the exit code.
  int Submit(const nlohmann::json& spec, std::string* output = nullptr);

  const std::string& dir() const { return dir_; }
  const std::string& db_path() const { return db_path_; }
  const std::string& address() const { return address_; }
  std::string checkpoint_root() const { return dir_ + "/checkpoints"; }

 private:
  std::string dir_;
  std::string db_path_;
  std::string address_;
  int log_counter_ = 0;
  std::vector<std::unique_ptr<ChildProcess>> processes_;
};

// Read-only queries against the orchestrator's database while it runs.
int64_t QueryInt(const std::string& db_path, const std::string& sql);
std::vector<std::vector<std::string>> QueryRows(const std::string& db_path, const std::string& sql);

}  // namespace reslab::e2e

#endif  // RESLAB_TESTS_E2E_LAB_H_
