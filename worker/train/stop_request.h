// Signals that ask `reslab-worker train` to checkpoint and stop: SIGTERM (what schedulers such
// as Slurm and Kubernetes send before killing a job), SIGUSR1 (Slurm's --signal warning) and
// SIGINT (Ctrl-C).
#ifndef RESLAB_WORKER_TRAIN_STOP_REQUEST_H_
#define RESLAB_WORKER_TRAIN_STOP_REQUEST_H_

namespace reslab::train {

// Installs handlers that only record the signal. A second SIGINT or SIGTERM terminates the
// process as usual (the handlers reset themselves).
void InstallTrainStopHandlers();

// The signal that requested a stop, or 0. Safe to poll from TrainHooks::should_stop.
int TrainStopSignal();

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_STOP_REQUEST_H_
