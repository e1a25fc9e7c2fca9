#include "stats/alternative.h"

#include <stdexcept>

namespace reslab::stats {

std::string AlternativeName(Alternative alternative) {
  switch (alternative) {
    case Alternative::kTwoSided:
      return "two-sided";
    case Alternative::kGreater:
      return "greater";
    case Alternative::kLess:
      return "less";
  }
  return "two-sided";
}

Alternative ParseAlternative(const std::string& name) {
  if (name == "two-sided") return Alternative::kTwoSided;
  if (name == "greater") return Alternative::kGreater;
  if (name == "less") return Alternative::kLess;
  throw std::invalid_argument("invalid alternative '" + name +
                              "': expected two-sided, greater or less");
}

}  // namespace reslab::stats
