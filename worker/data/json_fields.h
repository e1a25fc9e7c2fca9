// Strict readers for JSON object fields: the value must have the expected type, and the message
// of the std::invalid_argument they throw names the field path and the value.
#ifndef RESLAB_WORKER_DATA_JSON_FIELDS_H_
#define RESLAB_WORKER_DATA_JSON_FIELDS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace reslab::data {

int64_t JsonInteger(const nlohmann::json& value, const std::string& path);
double JsonNumber(const nlohmann::json& value, const std::string& path);
std::string JsonString(const nlohmann::json& value, const std::string& path);

// Calls readers[key](value, "<prefix>key") for every member of `object`. Throws
// std::invalid_argument when `object` is not an object or has a key without a reader.
using JsonFieldReader = std::function<void(const nlohmann::json& value, const std::string& path)>;
void ReadJsonObject(const nlohmann::json& object, const std::string& prefix,
                    const std::map<std::string, JsonFieldReader>& readers);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_JSON_FIELDS_H_
