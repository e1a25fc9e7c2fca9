#include "worker/data/data_options.h"

#include <nlohmann/json.hpp>

#include "worker/data/json_fields.h"

namespace reslab::data {

void to_json(nlohmann::json& json, const DataOptions& options) {
  json = nlohmann::json{{"tokenizer", options.tokenizer},   {"corpus", options.corpus},
                        {"token_file", options.token_file}, {"vocab_size", options.vocab_size},
                        {"cache_dir", options.cache_dir}};
}

void from_json(const nlohmann::json& json, DataOptions& options) {
  DataOptions parsed;
  ReadJsonObject(
      json, "data.",
      {{"tokenizer", [&](const auto& v, const auto& p) { parsed.tokenizer = JsonString(v, p); }},
       {"corpus", [&](const auto& v, const auto& p) { parsed.corpus = JsonString(v, p); }},
       {"token_file", [&](const auto& v, const auto& p) { parsed.token_file = JsonString(v, p); }},
       {"vocab_size", [&](const auto& v, const auto& p) { parsed.vocab_size = JsonInteger(v, p); }},
       {"cache_dir", [&](const auto& v, const auto& p) { parsed.cache_dir = JsonString(v, p); }}});
  options = parsed;
}

}  // namespace reslab::data
