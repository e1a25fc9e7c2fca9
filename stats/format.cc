#include "stats/format.h"

#include <sstream>

namespace reslab::stats {

std::string FormatNumber(double value, int digits) {
  std::ostringstream out;
  out.precision(digits);
  out << value;
  return out.str();
}

}  // namespace reslab::stats
