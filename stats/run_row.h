#ifndef RESLAB_STATS_RUN_ROW_H_
#define RESLAB_STATS_RUN_ROW_H_

#include <cstdint>
#include <string>

namespace reslab::stats {

// One training run (finished, diverged or failed) as input to the analysis.
struct RunRow {
  std::string config;   // Model config name, e.g. "590M".
  double params = 0;    // Parameter count of this run's model (not millions).
  std::string variant;  // Architecture variant, e.g. "review", "highway".
  int64_t seed = 0;
  double loss = 0;      // Final validation loss; may be non-finite for a diverged run.
  // A runs.status value. Only "completed" rows with a finite loss enter the analysis; rows
  // with "diverged" or "failed_to_train" (or any other status) are left out with a note.
  std::string status = "completed";
};

}  // namespace reslab::stats

#endif  // RESLAB_STATS_RUN_ROW_H_
