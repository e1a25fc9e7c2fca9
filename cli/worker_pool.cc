#include "cli/worker_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace reslab::cli {
namespace {

namespace fs = std::filesystem;

bool IsExecutable(const fs::path& path) {
  return !path.empty() && fs::is_regular_file(path) && access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::string FindWorkerBinary(const std::string& explicit_path) {
  std::vector<fs::path> candidates;
  if (!explicit_path.empty()) {
    if (!IsExecutable(explicit_path)) {
      throw std::runtime_error("--worker-bin " + explicit_path + " is not an executable file");
    }
    return explicit_path;
  }
  if (const char* env = std::getenv("RESLAB_WORKER_BIN"); env != nullptr && *env != '\0') {
    candidates.emplace_back(env);
  }
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(self.parent_path() / "reslab-worker");
    candidates.push_back(self.parent_path().parent_path() / "worker" / "reslab-worker");
  }
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string entries = path;
    size_t begin = 0;
    while (begin <= entries.size()) {
      size_t end = entries.find(':', begin);
      if (end == std::string::npos) end = entries.size();
      if (end > begin) candidates.push_back(fs::path(entries.substr(begin, end - begin)) /
                                            "reslab-worker");
      begin = end + 1;
    }
  }
  std::string tried;
  for (const auto& candidate : candidates) {
    if (IsExecutable(candidate)) return candidate.string();
    tried += "\n  " + candidate.string();
  }
  throw std::runtime_error(
      "reslab-worker not found; build it (scripts/build) or pass --worker-bin. Tried:" + tried);
}

WorkerPool::~WorkerPool() { Stop(std::chrono::seconds(30)); }

void WorkerPool::Start(int count) {
  fs::create_directories(options_.log_dir);
  for (int slot = 0; slot < count; ++slot) {
    pids_.push_back(-1);
    pids_[static_cast<size_t>(slot)] = Spawn(slot);
  }
}

std::string WorkerPool::LogPath(int slot) const {
  return (fs::path(options_.log_dir) / ("worker-" + std::to_string(slot) + ".log")).string();
}

pid_t WorkerPool::Spawn(int slot) {
  // Everything the child needs is prepared before fork: after fork in a multi-threaded process
  // only async-signal-safe calls are allowed until exec.
  std::string log_path = LogPath(slot);
  std::vector<std::string> argument_strings;
  argument_strings.push_back(options_.binary);
  argument_strings.insert(argument_strings.end(), options_.arguments.begin(),
                          options_.arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argument_strings) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::vector<std::string> environment_strings;
  for (char** entry = environ; *entry != nullptr; ++entry) environment_strings.emplace_back(*entry);
  for (const auto& extra : options_.environment) {
    std::string key = extra.substr(0, extra.find('=') + 1);
    environment_strings.erase(
        std::remove_if(environment_strings.begin(), environment_strings.end(),
                       [&](const std::string& existing) { return existing.rfind(key, 0) == 0; }),
        environment_strings.end());
    environment_strings.push_back(extra);
  }
  std::vector<char*> envp;
  for (auto& entry : environment_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start reslab-worker: fork failed");
  if (pid == 0) {
    // Own process group, so a Ctrl-C at the terminal reaches only `reslab sweep`, which then
    // stops the workers in order.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
      close(log);
    }
    int null_input = open("/dev/null", O_RDONLY);
    if (null_input >= 0) dup2(null_input, STDIN_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  spdlog::info("started worker {} (pid {}), log {}", slot, pid, log_path);
  return pid;
}

int WorkerPool::Reap(int* abnormal) {
  int exited = 0;
  for (size_t slot = 0; slot < pids_.size(); ++slot) {
    if (pids_[slot] <= 0) continue;
    int status = 0;
    pid_t result = waitpid(pids_[slot], &status, WNOHANG);
    if (result != pids_[slot]) continue;
    ++exited;
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!clean && abnormal != nullptr) ++*abnormal;
    if (WIFEXITED(status)) {
      spdlog::info("worker {} (pid {}) exited with status {}", slot, pids_[slot],
                   WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
      spdlog::info("worker {} (pid {}) ended by signal {}", slot, pids_[slot], WTERMSIG(status));
    }
    pids_[slot] = -1;
  }
  return exited;
}

void WorkerPool::Respawn(int slot) {
  auto index = static_cast<size_t>(slot);
  if (index < pids_.size() && pids_[index] <= 0) pids_[index] = Spawn(slot);
}

std::vector<int> WorkerPool::ExitedSlots() const {
  std::vector<int> slots;
  for (size_t slot = 0; slot < pids_.size(); ++slot) {
    if (pids_[slot] <= 0) slots.push_back(static_cast<int>(slot));
  }
  return slots;
}

int WorkerPool::running() const {
  int count = 0;
  for (pid_t pid : pids_) count += pid > 0 ? 1 : 0;
  return count;
}

void WorkerPool::Stop(std::chrono::milliseconds grace) {
  if (running() == 0) return;
  for (pid_t pid : pids_) {
    if (pid > 0) kill(pid, SIGTERM);
  }
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (running() > 0 && std::chrono::steady_clock::now() < deadline) {
    Reap(nullptr);
    if (running() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (size_t slot = 0; slot < pids_.size(); ++slot) {
    if (pids_[slot] <= 0) continue;
    spdlog::warn("worker {} (pid {}) did not stop within {} ms; killing it", slot, pids_[slot],
                 grace.count());
    kill(pids_[slot], SIGKILL);
    waitpid(pids_[slot], nullptr, 0);
    pids_[slot] = -1;
  }
}

}  // namespace reslab::cli
