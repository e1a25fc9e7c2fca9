// The worker loop mode of reslab-worker: `--orchestrator HOST:PORT` with no subcommand.
#ifndef RESLAB_WORKER_LOOP_LOOP_COMMAND_H_
#define RESLAB_WORKER_LOOP_LOOP_COMMAND_H_

namespace CLI {
class App;
}

namespace reslab::loop {

// Adds the top-level loop options to `app` and a final callback. When no subcommand was given,
// the callback runs the loop and stores the process exit code in `*exit_code`.
void AddLoopOptions(CLI::App& app, int* exit_code);

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_LOOP_COMMAND_H_
