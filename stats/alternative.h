#ifndef RESLAB_STATS_ALTERNATIVE_H_
#define RESLAB_STATS_ALTERNATIVE_H_

#include <string>

namespace reslab::stats {

// Alternative hypothesis about the location of a difference (or a gap, baseline − treatment).
// kGreater tests "the difference is above zero", which for a gap means the treatment is better.
enum class Alternative { kTwoSided, kGreater, kLess };

// "two-sided", "greater" or "less" (the SciPy spelling).
std::string AlternativeName(Alternative alternative);

// Parses the SciPy spelling; throws std::invalid_argument naming the value otherwise.
Alternative ParseAlternative(const std::string& name);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_ALTERNATIVE_H_
