// Stop requests for the worker loop. The worker installs the trainer's signal handlers, so one
// SIGTERM, SIGINT or SIGUSR1 both stops training at a checkpoint and ends the loop. A second
// SIGINT or SIGTERM kills the process.
#ifndef RESLAB_WORKER_LOOP_STOP_SIGNAL_H_
#define RESLAB_WORKER_LOOP_STOP_SIGNAL_H_

#include <chrono>

namespace reslab::loop {

// True once a stop signal arrived.
bool StopRequested();

// Returns the signal number that requested the stop, or 0.
int StopSignal();

// Sleeps for `duration` in short slices. Returns false, early, when a stop was requested.
bool SleepUnlessStopped(std::chrono::milliseconds duration);

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_STOP_SIGNAL_H_
