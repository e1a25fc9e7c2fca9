#include "tests/stats/vector_file.h"

#include <fstream>
#include <stdexcept>

namespace reslab::stats::testing {

nlohmann::json LoadVectors(const std::string& name) {
  std::string path = std::string(RESLAB_SOURCE_DIR) + "/tests/stats/vectors/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open test vectors " + path);
  return nlohmann::json::parse(in);
}

std::vector<double> Doubles(const nlohmann::json& array) {
  std::vector<double> values;
  for (const nlohmann::json& value : array) {
    values.push_back(value.is_null() ? std::numeric_limits<double>::quiet_NaN()
                                     : value.get<double>());
  }
  return values;
}

std::string CaseLabel(const nlohmann::json& test_case) {
  std::string label = test_case.value("name", std::string("unnamed"));
  if (test_case.contains("alternative")) label += " (" + test_case["alternative"].get<std::string>() + ")";
  if (test_case.contains("method")) label += " [" + test_case["method"].get<std::string>() + "]";
  return label;
}

}  // namespace reslab::stats::testing
