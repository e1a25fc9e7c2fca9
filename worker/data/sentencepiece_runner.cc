#include "worker/data/sentencepiece_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "worker/data/data_options.h"

extern char** environ;

namespace reslab::data {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelperName = "reslab-sentencepiece";
// The helper's exit code for input it rejects.
constexpr int kHelperInvalidInput = 2;

// Reads everything from `fd` until end of file, then closes it.
std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      text.append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fd);
  return text;
}

}  // namespace

std::string SentencePieceHelperPath() {
  const char* configured = std::getenv("RESLAB_SENTENCEPIECE");
  if (configured != nullptr && *configured != '\0') return configured;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path sibling = self.parent_path() / kHelperName;
    if (fs::exists(sibling, error)) return sibling.string();
  }
#ifdef RESLAB_SENTENCEPIECE_BUILD_PATH
  if (fs::exists(RESLAB_SENTENCEPIECE_BUILD_PATH, error)) return RESLAB_SENTENCEPIECE_BUILD_PATH;
#endif
  throw std::runtime_error(std::string(kHelperName) +
                           " not found next to this executable; install it there or set "
                           "RESLAB_SENTENCEPIECE to its path");
}

void RunSentencePieceHelper(const std::string& corpus, int64_t vocab_size,
                            const std::string& model_path, const std::string& tokens_path) {
  const std::string helper = SentencePieceHelperPath();
  std::vector<std::string> args = {helper, corpus, std::to_string(vocab_size), model_path,
                                   tokens_path};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  pid_t pid = -1;
  const int spawn_error = ::posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (spawn_error != 0) {
    ::close(pipe_fds[0]);
    throw std::runtime_error("cannot start " + helper + ": " + std::strerror(spawn_error));
  }

  std::string message = ReadAll(pipe_fds[0]);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kHelperInvalidInput) throw InvalidData(message);
  throw std::runtime_error(helper + " failed (" +
                           (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status))) +
                           "): " + message);
}

}  // namespace reslab::data
