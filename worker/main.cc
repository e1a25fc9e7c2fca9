// reslab-worker: trains runs with LibTorch, either one run from the command line
// (`reslab-worker train`) or runs leased from an orchestrator (`--orchestrator HOST:PORT`).
#include <CLI/CLI.hpp>

#include "worker/loop/loop_command.h"
#include "worker/train/train_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "reslab-worker: trains reslab runs with LibTorch.\n"
      "  reslab-worker train ...                 train one run from a spec or flags\n"
      "  reslab-worker --orchestrator HOST:PORT  lease and train runs until stopped"};
  int exit_code = 0;
  reslab::train::AddTrainCommand(app, &exit_code);
  reslab::loop::AddLoopOptions(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
