// The `reslab-worker train` subcommand.
#ifndef RESLAB_WORKER_TRAIN_TRAIN_COMMAND_H_
#define RESLAB_WORKER_TRAIN_TRAIN_COMMAND_H_

namespace CLI {
class App;
}

namespace reslab::train {

// Adds `train` to `app`; its callback stores the process exit code in `*exit_code`.
void AddTrainCommand(CLI::App& app, int* exit_code);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_TRAIN_COMMAND_H_
