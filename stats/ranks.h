#ifndef RESLAB_STATS_RANKS_H_
#define RESLAB_STATS_RANKS_H_

#include <vector>

namespace reslab::stats {

// Ranks 1..n of `values`, ties given the average of the ranks they span (SciPy's rankdata
// with method="average"). Values are compared exactly.
std::vector<double> AverageRanks(const std::vector<double>& values);

// Sizes of the groups of equal values that have more than one member.
std::vector<int> TieGroupSizes(const std::vector<double>& values);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_RANKS_H_
