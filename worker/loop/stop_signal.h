// Stop requests for the worker loop. The signal handlers are the trainer's (SIGTERM, SIGINT and
// SIGUSR1 record the signal; a second SIGINT or SIGTERM kills the process), so one signal both
// stops training at a checkpoint and ends the loop.
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
