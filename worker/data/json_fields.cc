#include "worker/data/json_fields.h"

#include <stdexcept>

namespace reslab::data {
namespace {

[[noreturn]] void WrongType(const nlohmann::json& value, const std::string& path,
                            const std::string& expected) {
  throw std::invalid_argument("field " + path + " must be " + expected + ", got " + value.dump());
}

}  // namespace

int64_t JsonInteger(const nlohmann::json& value, const std::string& path) {
  if (value.is_number_integer()) return value.get<int64_t>();
  // 1e3 and 1000.0 are accepted when they are whole numbers in range.
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (number == static_cast<double>(static_cast<int64_t>(number)) && number >= -9.0e18 &&
        number <= 9.0e18) {
      return static_cast<int64_t>(number);
    }
  }
  WrongType(value, path, "an integer");
}

double JsonNumber(const nlohmann::json& value, const std::string& path) {
  if (value.is_number()) return value.get<double>();
  WrongType(value, path, "a number");
}

std::string JsonString(const nlohmann::json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  WrongType(value, path, "a string");
}

void ReadJsonObject(const nlohmann::json& object, const std::string& prefix,
                    const std::map<std::string, JsonFieldReader>& readers) {
  if (!object.is_object()) {
    WrongType(object, prefix.empty() ? "(top level)" : prefix.substr(0, prefix.size() - 1),
              "an object");
  }
  for (const auto& [key, value] : object.items()) {
    const auto reader = readers.find(key);
    if (reader == readers.end()) {
      std::string known;
      for (const auto& [name, unused] : readers) known += (known.empty() ? "" : ", ") + name;
      throw std::invalid_argument("unknown field " + prefix + key + " (known fields: " + known +
                                  ")");
    }
    reader->second(value, prefix + key);
  }
}

}  // namespace reslab::data
