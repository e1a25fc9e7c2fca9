// reslab: submit and watch sweeps, run the orchestrator, import results and print reports.
#include <CLI/CLI.hpp>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "reslab: controlled transformer residual experiments with paired statistics.\n"
      "Run `reslab COMMAND --help` for the options of each command."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "reslab 0.1.0");
  int exit_code = reslab::cli::kExitOk;
  reslab::cli::InstallCommands(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : reslab::cli::kExitInvalidInput;
  }
  return exit_code;
}
