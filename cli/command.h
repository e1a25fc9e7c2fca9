// Subcommand registry for the `reslab` binary. Each command lives in its own file and registers
// itself with a static RESLAB_REGISTER_COMMAND, so main.cc never changes when one is added.
#ifndef RESLAB_CLI_COMMAND_H_
#define RESLAB_CLI_COMMAND_H_

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace reslab::cli {

// Exit codes shared by every command.
enum ExitCode : int {
  kExitOk = 0,
  // The operation failed (server error, I/O error, a failed check such as a red report).
  kExitFailure = 1,
  // Invalid arguments or invalid input files.
  kExitInvalidInput = 2,
  // The named sweep or run does not exist.
  kExitNotFound = 3,
  // The orchestrator could not be reached.
  kExitUnavailable = 4,
  // Interrupted by SIGINT or SIGTERM before finishing.
  kExitInterrupted = 130,
};

// Adds a subcommand to `app`. The subcommand's callback stores its exit code in `*exit_code`.
using CommandInstaller = std::function<void(CLI::App& app, int* exit_code)>;

// Registers a subcommand installer; `order` sorts `reslab --help`. Returns true so it can
// initialise a static.
bool RegisterCommand(int order, CommandInstaller installer);

// Installs every registered subcommand on `app`, in order.
void InstallCommands(CLI::App& app, int* exit_code);

}  // namespace reslab::cli

#define RESLAB_CLI_CONCAT_INNER(a, b) a##b
#define RESLAB_CLI_CONCAT(a, b) RESLAB_CLI_CONCAT_INNER(a, b)
#define RESLAB_REGISTER_COMMAND(order, installer)                            \
  static const bool RESLAB_CLI_CONCAT(reslab_command_registered_, __LINE__) = \
      ::reslab::cli::RegisterCommand(order, installer)

#endif  // RESLAB_CLI_COMMAND_H_
