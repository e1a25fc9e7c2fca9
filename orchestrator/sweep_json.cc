#include "orchestrator/sweep_json.h"

#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "orchestrator/errors.h"

namespace reslab::orchestrator {

v1::SweepSpec ParseSweepJson(const std::string& json) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  v1::SweepSpec spec;
  auto status = google::protobuf::util::JsonStringToMessage(json, &spec, options);
  if (!status.ok()) {
    throw InvalidArgument("invalid sweep JSON: " + std::string(status.message()));
  }
  return spec;
}

v1::SweepSpec ReadSweepFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw InvalidArgument("cannot read sweep file " + path);
  std::stringstream text;
  text << file.rdbuf();
  v1::SweepSpec spec;
  try {
    spec = ParseSweepJson(text.str());
  } catch (const OrchestratorError& error) {
    throw InvalidArgument(path + ": " + error.what());
  }
  ResolveDataPaths(spec, std::filesystem::absolute(path).parent_path().string());
  return spec;
}

void ResolveDataPaths(v1::SweepSpec& spec, const std::string& base_dir) {
  auto resolve = [&](const std::string& value) {
    if (value.empty() || std::filesystem::path(value).is_absolute()) return value;
    return (std::filesystem::path(base_dir) / value).lexically_normal().string();
  };
  v1::DataSpec* data = spec.mutable_data();
  data->set_corpus(resolve(data->corpus()));
  data->set_token_file(resolve(data->token_file()));
}

std::string SweepToJson(const v1::SweepSpec& spec, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = pretty;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(spec, &json, options);
  if (!status.ok()) {
    throw InvalidArgument("cannot print sweep as JSON: " + std::string(status.message()));
  }
  return json;
}

}  // namespace reslab::orchestrator
