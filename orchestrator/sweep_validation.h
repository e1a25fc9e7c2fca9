// Validation of a submitted SweepSpec and the filling of its defaults.
#ifndef RESLAB_ORCHESTRATOR_SWEEP_VALIDATION_H_
#define RESLAB_ORCHESTRATOR_SWEEP_VALIDATION_H_

#include <cstdint>

#include "reslab/v1/sweep.pb.h"

namespace reslab::orchestrator {

// Largest grid (configs x variants x seeds) accepted unless configured otherwise.
inline constexpr int64_t kDefaultMaxRuns = 10000;

// Returns `spec` with every default filled in (the ranges and defaults are documented in
// sweep.proto). Throws OrchestratorError (kInvalidArgument) at the first invalid field, with
// a message naming its path and value, such as
// "configs[1].d_model: 100 is not divisible by n_heads 3". A grid of more than `max_runs`
// runs is rejected as field "grid".
v1::SweepSpec ValidateAndFillSweep(const v1::SweepSpec& spec, int64_t max_runs);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SWEEP_VALIDATION_H_
