#include "worker/model/model_options.h"

#include <cmath>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace reslab::model {
namespace {

struct VariantEntry {
  Variant variant;
  const char* name;
};

constexpr VariantEntry kVariants[] = {
    {Variant::kStandard, "standard"},
    {Variant::kReview, "review"},
    {Variant::kHighway, "highway"},
    {Variant::kReviewConvex, "review_convex"},
    {Variant::kHighwayConvex, "highway_convex"},
    {Variant::kLayerScale, "layerscale"},
    {Variant::kReZero, "rezero"},
};

std::string JoinedVariantNames() {
  std::string joined;
  for (const std::string& name : VariantNames()) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

void RequirePositive(const char* field, int64_t value) {
  if (value < 1) {
    throw InvalidOptions("invalid model option " + std::string(field) + " = " +
                         std::to_string(value) + ": must be at least 1");
  }
}

void RequirePositiveFinite(const char* field, double value) {
  if (!(value > 0.0) || !std::isfinite(value)) {
    std::ostringstream message;
    message << "invalid model option " << field << " = " << value
            << ": must be a finite number greater than 0";
    throw InvalidOptions(message.str());
  }
}

int64_t ReadInteger(const nlohmann::json& value, const std::string& key) {
  if (!value.is_number_integer()) {
    throw InvalidOptions("invalid model option " + key + " = " + value.dump() +
                         ": must be an integer");
  }
  return value.get<int64_t>();
}

double ReadNumber(const nlohmann::json& value, const std::string& key) {
  if (!value.is_number()) {
    throw InvalidOptions("invalid model option " + key + " = " + value.dump() +
                         ": must be a number");
  }
  return value.get<double>();
}

}  // namespace

const std::vector<std::string>& VariantNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const VariantEntry& entry : kVariants) result.emplace_back(entry.name);
    return result;
  }();
  return names;
}

std::string VariantName(Variant variant) {
  for (const VariantEntry& entry : kVariants) {
    if (entry.variant == variant) return entry.name;
  }
  throw InvalidOptions("invalid variant value " + std::to_string(static_cast<int>(variant)));
}

Variant ParseVariant(const std::string& name) {
  for (const VariantEntry& entry : kVariants) {
    if (name == entry.name) return entry.variant;
  }
  throw InvalidOptions("unknown variant \"" + name + "\"; valid variants: " +
                       JoinedVariantNames());
}

bool IsGated(Variant variant) {
  return variant == Variant::kReview || variant == Variant::kHighway ||
         variant == Variant::kReviewConvex || variant == Variant::kHighwayConvex;
}

void ModelOptions::Validate() const {
  RequirePositive("vocab_size", vocab_size);
  RequirePositive("block_size", block_size);
  RequirePositive("d_model", d_model);
  RequirePositive("n_layers", n_layers);
  RequirePositive("n_heads", n_heads);
  if (d_model % n_heads != 0) {
    throw InvalidOptions("invalid model option d_model = " + std::to_string(d_model) +
                         ": must be divisible by n_heads = " + std::to_string(n_heads));
  }
  VariantName(variant);  // Throws for a value outside the enum.
  RequirePositiveFinite("norm_eps", norm_eps);
  RequirePositiveFinite("init_std", init_std);
}

bool ModelOptions::operator==(const ModelOptions& other) const {
  return vocab_size == other.vocab_size && block_size == other.block_size &&
         d_model == other.d_model && n_layers == other.n_layers && n_heads == other.n_heads &&
         variant == other.variant && norm_eps == other.norm_eps && init_std == other.init_std;
}

void to_json(nlohmann::json& json, const ModelOptions& options) {
  json = nlohmann::json{
      {"vocab_size", options.vocab_size},
      {"block_size", options.block_size},
      {"d_model", options.d_model},
      {"n_layers", options.n_layers},
      {"n_heads", options.n_heads},
      {"variant", VariantName(options.variant)},
      {"norm_eps", options.norm_eps},
      {"init_std", options.init_std},
  };
}

void from_json(const nlohmann::json& json, ModelOptions& options) {
  if (!json.is_object()) {
    throw InvalidOptions("invalid model options " + json.dump() + ": must be a JSON object");
  }
  // Keys that are absent keep their defaults.
  ModelOptions parsed;
  for (const auto& [key, value] : json.items()) {
    if (key == "vocab_size") {
      parsed.vocab_size = ReadInteger(value, key);
    } else if (key == "block_size") {
      parsed.block_size = ReadInteger(value, key);
    } else if (key == "d_model") {
      parsed.d_model = ReadInteger(value, key);
    } else if (key == "n_layers") {
      parsed.n_layers = ReadInteger(value, key);
    } else if (key == "n_heads") {
      parsed.n_heads = ReadInteger(value, key);
    } else if (key == "variant") {
      if (!value.is_string()) {
        throw InvalidOptions("invalid model option variant = " + value.dump() +
                             ": must be a string, one of " + JoinedVariantNames());
      }
      parsed.variant = ParseVariant(value.get<std::string>());
    } else if (key == "norm_eps") {
      parsed.norm_eps = ReadNumber(value, key);
    } else if (key == "init_std") {
      parsed.init_std = ReadNumber(value, key);
    } else {
      throw InvalidOptions("unknown model option \"" + key +
                           "\"; valid keys: vocab_size, block_size, d_model, n_layers, n_heads, "
                           "variant, norm_eps, init_std");
    }
  }
  parsed.Validate();
  options = parsed;
}

}  // namespace reslab::model
