#ifndef RESLAB_STATS_PAIRING_H_
#define RESLAB_STATS_PAIRING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "stats/run_row.h"

namespace reslab::stats {

// Whether a run enters the analysis: status "completed" and a finite loss.
bool IsUsable(const RunRow& row);

// Why an unusable run is left out, in words ("status diverged", "loss is not finite").
std::string ExclusionReason(const RunRow& row);

// Runs of two arms at one config matched by seed. Gaps are baseline − treatment.
struct SeedPairing {
  std::vector<int64_t> seeds;  // Ascending.
  std::vector<double> treatment_losses;
  std::vector<double> baseline_losses;
  std::vector<double> gaps;
  std::vector<int64_t> only_in_treatment;  // Usable in the treatment, no baseline run at all.
  std::vector<int64_t> only_in_baseline;
  std::vector<int64_t> excluded;           // A run of this seed in either arm is unusable.
};

// Pairs the runs of each arm by seed. Throws std::invalid_argument naming the config, variant
// and seed when one arm has two runs with the same seed.
SeedPairing PairBySeed(const std::vector<const RunRow*>& treatment,
                       const std::vector<const RunRow*>& baseline);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_PAIRING_H_
