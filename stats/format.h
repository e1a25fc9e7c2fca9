#ifndef RESLAB_STATS_FORMAT_H_
#define RESLAB_STATS_FORMAT_H_

#include <string>

namespace reslab::stats {

// `value` with `digits` significant digits, for notes and verdict reasons.
std::string FormatNumber(double value, int digits = 3);

}  // namespace reslab::stats

#endif  // RESLAB_STATS_FORMAT_H_
