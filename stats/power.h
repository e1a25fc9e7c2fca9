#ifndef RESLAB_STATS_POWER_H_
#define RESLAB_STATS_POWER_H_

#include <string>

#include "stats/alternative.h"

namespace reslab::stats {

struct PowerResult {
  bool defined = false;
  std::string reason;
  int pairs_needed = 0;     // Smallest n ≥ 2 whose power reaches the target.
  double achieved_power = 0;  // Power at pairs_needed.
};

// Power of a paired (one-sample) t test with n pairs to detect standardized effect `d_z` at
// `alpha`, from the noncentral t distribution with n − 1 df and noncentrality d_z · √n.
double PairedTTestPower(double d_z, int n, double alpha,
                        Alternative alternative = Alternative::kTwoSided);

// Smallest number of seed pairs for which PairedTTestPower reaches `target_power`, searched up
// to `max_pairs`. Not defined for d_z = 0, non-finite d_z, or when max_pairs is not enough.
PowerResult PairsForPower(double d_z, double alpha, double target_power = 0.8,
                          Alternative alternative = Alternative::kTwoSided,
                          int max_pairs = 100000);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_POWER_H_
