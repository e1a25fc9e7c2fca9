// SIGTERM and SIGINT handling for the worker loop: the first signal sets a flag that the
// trainer polls (it then checkpoints and returns); a second one kills the process.
#ifndef RESLAB_WORKER_LOOP_STOP_SIGNAL_H_
#define RESLAB_WORKER_LOOP_STOP_SIGNAL_H_

#include <chrono>

namespace reslab::loop {

// Installs the handlers. The handler resets itself, so a second signal has the default effect.
void InstallStopSignalHandlers();

// True once SIGTERM or SIGINT arrived.
bool StopRequested();

// Returns the signal number that requested the stop, or 0.
int StopSignal();

// Sleeps for `duration` in short slices. Returns false, early, when a stop was requested.
bool SleepUnlessStopped(std::chrono::milliseconds duration);

}  // namespace reslab::loop

#endif  // RESLAB_WORKER_LOOP_STOP_SIGNAL_H_
