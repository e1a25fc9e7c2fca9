// The live progress view of `reslab sweep`: counts, one bar per running run, overall ETA.
#ifndef RESLAB_CLI_SWEEP_PROGRESS_H_
#define RESLAB_CLI_SWEEP_PROGRESS_H_

#include <string>
#include <vector>

#include "reslab/v1/client.pb.h"

namespace reslab::cli {

// Estimated seconds until every unfinished run is done with `workers` runs in parallel, or a
// negative value when nothing has reported a throughput yet. A config's remaining runs are
// costed by the mean time of its finished runs when it has some, else by the throughput of its
// running runs.
double EstimateSweepSecondsLeft(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec,
                                int workers);

// The frame shown while a sweep trains: a counts line with the overall ETA, then the progress
// table of the running runs.
std::string RenderSweepFrame(const std::vector<v1::Run>& runs, const v1::SweepSpec& spec,
                             int workers);

}  // namespace reslab::cli

#endif  // RESLAB_CLI_SWEEP_PROGRESS_H_
