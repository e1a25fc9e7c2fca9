// Expansion of a validated sweep into its runs: configs x variants x seeds, each with the
// width after parameter matching and the analytic parameter count.
#ifndef RESLAB_ORCHESTRATOR_SWEEP_EXPANSION_H_
#define RESLAB_ORCHESTRATOR_SWEEP_EXPANSION_H_

#include <string>
#include <vector>

#include "db/records.h"
#include "reslab/v1/sweep.pb.h"
#include "worker/model/model_options.h"

namespace reslab::orchestrator {

// The model a run of `config` and `variant` builds, before parameter matching.
model::ModelOptions ModelOptionsFor(const v1::ModelConfig& config, const std::string& variant,
                                    const v1::DataSpec& data);

// The options after parameter matching: widened to the `matched_to` variant of the same
// config when matching is on and `variant` is not that variant.
model::ModelOptions MatchedModelOptions(const v1::SweepSpec& spec, int config_index,
                                        const std::string& variant);

// Runs in config, variant, seed order. `spec` must have passed ValidateAndFillSweep.
std::vector<db::NewRun> ExpandSweep(const v1::SweepSpec& spec);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_SWEEP_EXPANSION_H_
