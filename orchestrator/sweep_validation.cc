#include "orchestrator/sweep_validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "orchestrator/errors.h"
#include "worker/model/model_options.h"

namespace reslab::orchestrator {
namespace {

constexpr int kMaxNameLength = 64;
constexpr int kMaxDescriptionLength = 10000;
constexpr int kDefaultBlockSize = 256;
constexpr int kDefaultBatchSize = 64;
constexpr double kDefaultLr = 2e-4;
constexpr int kDefaultWarmupSteps = 500;
constexpr int kDefaultEvalWindows = 64;
constexpr int kDefaultMaxAttempts = 3;
constexpr int kDefaultCheckpointEvery = 500;
constexpr int kDefaultLogEvery = 10;
constexpr int64_t kMaxSeed = int64_t{1} << 31;

[[noreturn]] void Reject(const std::string& field, const std::string& problem) {
  throw InvalidArgument(field + ": " + problem);
}

std::string Quote(const std::string& text) { return "'" + text + "'"; }

void CheckName(const std::string& field, const std::string& name) {
  if (name.empty()) Reject(field, "is required");
  if (name.size() > kMaxNameLength) {
    Reject(field,
           Quote(name) + " is longer than " + std::to_string(kMaxNameLength) + " characters");
  }
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (!ok) Reject(field, Quote(name) + " may contain only letters, digits, '_', '.' and '-'");
  }
}

// Checks `value` against [min, max]. Zero means `default_value` when one is given.
int FillInt(const std::string& field, int value, int min, int max,
            std::optional<int> default_value) {
  if (value == 0 && default_value) return *default_value;
  if (value == 0 && min > 0) Reject(field, "is required");
  if (value < min || value > max) {
    Reject(field, std::to_string(value) + " is outside " + std::to_string(min) + "-" +
                      std::to_string(max));
  }
  return value;
}

bool IsVariant(const std::string& name) {
  const auto& names = model::VariantNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string VariantList() {
  std::string list;
  for (const auto& name : model::VariantNames()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

void FillConfig(const std::string& path, v1::ModelConfig& config) {
  CheckName(path + ".name", config.name());
  config.set_d_model(FillInt(path + ".d_model", config.d_model(), 8, 16384, std::nullopt));
  config.set_n_layers(FillInt(path + ".n_layers", config.n_layers(), 1, 256, std::nullopt));
  config.set_n_heads(FillInt(path + ".n_heads", config.n_heads(), 1, 256, std::nullopt));
  if (config.d_model() % config.n_heads() != 0) {
    Reject(path + ".d_model", std::to_string(config.d_model()) + " is not divisible by n_heads " +
                                  std::to_string(config.n_heads()));
  }
  config.set_block_size(
      FillInt(path + ".block_size", config.block_size(), 2, 65536, kDefaultBlockSize));
  config.set_batch_size(
      FillInt(path + ".batch_size", config.batch_size(), 1, 65536, kDefaultBatchSize));
  config.set_steps(FillInt(path + ".steps", config.steps(), 1, 10000000, std::nullopt));

  double lr = config.lr();
  if (lr == 0) lr = kDefaultLr;
  if (!std::isfinite(lr) || lr <= 0 || lr > 1) {
    std::ostringstream text;
    text << config.lr() << " is outside (0, 1]";
    Reject(path + ".lr", text.str());
  }
  config.set_lr(lr);

  if (config.has_warmup_steps()) {
    if (config.warmup_steps() < 0 || config.warmup_steps() > config.steps()) {
      Reject(path + ".warmup_steps", std::to_string(config.warmup_steps()) + " is outside 0-" +
                                         std::to_string(config.steps()) + " (steps)");
    }
  } else {
    config.set_warmup_steps(std::min(kDefaultWarmupSteps, config.steps()));
  }
  config.set_eval_windows(
      FillInt(path + ".eval_windows", config.eval_windows(), 1, 100000, kDefaultEvalWindows));
  config.set_micro_batch_size(FillInt(path + ".micro_batch_size", config.micro_batch_size(), 1,
                                      config.batch_size(), config.batch_size()));
  if (config.batch_size() % config.micro_batch_size() != 0) {
    Reject(path + ".micro_batch_size", std::to_string(config.micro_batch_size()) +
                                           " does not divide batch_size " +
                                           std::to_string(config.batch_size()));
  }
}

void FillData(v1::DataSpec& data) {
  if (data.tokenizer().empty()) data.set_tokenizer("sentencepiece");
  const std::string& tokenizer = data.tokenizer();
  if (tokenizer == "sentencepiece") {
    if (data.corpus().empty()) Reject("data.corpus", "is required for tokenizer sentencepiece");
    data.set_vocab_size(FillInt("data.vocab_size", data.vocab_size(), 256, 65536, std::nullopt));
  } else if (tokenizer == "byte") {
    if (data.corpus().empty()) Reject("data.corpus", "is required for tokenizer byte");
    data.set_vocab_size(256);
  } else if (tokenizer == "tokens") {
    if (data.token_file().empty()) Reject("data.token_file", "is required for tokenizer tokens");
    data.set_vocab_size(FillInt("data.vocab_size", data.vocab_size(), 2, 65536, std::nullopt));
  } else {
    Reject("data.tokenizer", Quote(tokenizer) + " is not one of sentencepiece, byte, tokens");
  }
}

void CheckVariants(const v1::SweepSpec& spec) {
  if (spec.variants().empty()) Reject("variants", "at least one variant is required");
  std::set<std::string> seen;
  for (int i = 0; i < spec.variants_size(); ++i) {
    const std::string field = "variants[" + std::to_string(i) + "]";
    const std::string& name = spec.variants(i);
    if (!IsVariant(name)) {
      Reject(field, Quote(name) + " is not a variant; valid: " + VariantList());
    }
    if (!seen.insert(name).second) Reject(field, Quote(name) + " is repeated");
  }
}

void CheckSeeds(const v1::SweepSpec& spec) {
  if (spec.seeds().empty()) Reject("seeds", "at least one seed is required");
  std::set<int64_t> seen;
  for (int i = 0; i < spec.seeds_size(); ++i) {
    const std::string field = "seeds[" + std::to_string(i) + "]";
    int64_t seed = spec.seeds(i);
    if (seed < 0 || seed > kMaxSeed) {
      Reject(field, std::to_string(seed) + " is outside 0-" + std::to_string(kMaxSeed));
    }
    if (!seen.insert(seed).second) Reject(field, std::to_string(seed) + " is repeated");
  }
}

bool Contains(const v1::SweepSpec& spec, const std::string& variant) {
  return std::find(spec.variants().begin(), spec.variants().end(), variant) !=
         spec.variants().end();
}

void FillComparison(v1::SweepSpec& spec) {
  if (spec.report_kind().empty()) spec.set_report_kind("paired");
  if (spec.report_kind() != "paired" && spec.report_kind() != "depth") {
    Reject("report_kind", Quote(spec.report_kind()) + " is not one of paired, depth");
  }
  if (!spec.matched_to().empty() && !IsVariant(spec.matched_to())) {
    Reject("matched_to", Quote(spec.matched_to()) + " is not a variant; valid: " + VariantList());
  }
  if (spec.treatment().empty()) {
    if (Contains(spec, "review")) spec.set_treatment("review");
  } else if (!Contains(spec, spec.treatment())) {
    Reject("treatment", Quote(spec.treatment()) + " is not one of the sweep's variants");
  }
  if (spec.baselines().empty()) {
    if (!spec.treatment().empty()) {
      for (const auto& variant : spec.variants()) {
        if (variant != spec.treatment()) spec.add_baselines(variant);
      }
    }
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < spec.baselines_size(); ++i) {
    const std::string field = "baselines[" + std::to_string(i) + "]";
    const std::string& name = spec.baselines(i);
    if (!Contains(spec, name)) Reject(field, Quote(name) + " is not one of the sweep's variants");
    if (name == spec.treatment()) Reject(field, Quote(name) + " is the treatment");
    if (!seen.insert(name).second) Reject(field, Quote(name) + " is repeated");
  }
}

}  // namespace

v1::SweepSpec ValidateAndFillSweep(const v1::SweepSpec& input, int64_t max_runs) {
  v1::SweepSpec spec = input;
  CheckName("name", spec.name());
  if (spec.description().size() > kMaxDescriptionLength) {
    Reject("description",
           "is longer than " + std::to_string(kMaxDescriptionLength) + " characters");
  }

  if (spec.configs().empty()) Reject("configs", "at least one config is required");
  std::set<std::string> config_names;
  for (int i = 0; i < spec.configs_size(); ++i) {
    const std::string path = "configs[" + std::to_string(i) + "]";
    FillConfig(path, *spec.mutable_configs(i));
    if (!config_names.insert(spec.configs(i).name()).second) {
      Reject(path + ".name", Quote(spec.configs(i).name()) + " is repeated");
    }
  }
  CheckVariants(spec);
  CheckSeeds(spec);
  FillData(*spec.mutable_data());
  FillComparison(spec);

  spec.set_priority(FillInt("priority", spec.priority(), -1000, 1000, 0));
  spec.set_max_attempts(FillInt("max_attempts", spec.max_attempts(), 1, 100, kDefaultMaxAttempts));
  spec.set_checkpoint_every(
      FillInt("checkpoint_every", spec.checkpoint_every(), 1, 10000000, kDefaultCheckpointEvery));
  spec.set_log_every(FillInt("log_every", spec.log_every(), 1, 10000000, kDefaultLogEvery));

  int64_t runs = int64_t{spec.configs_size()} * spec.variants_size() * spec.seeds_size();
  if (runs > max_runs) {
    Reject("grid", std::to_string(spec.configs_size()) + " configs x " +
                       std::to_string(spec.variants_size()) + " variants x " +
                       std::to_string(spec.seeds_size()) + " seeds = " + std::to_string(runs) +
                       " runs, more than the maximum of " + std::to_string(max_runs) +
                       " (the orchestrator's --max-runs)");
  }
  return spec;
}

}  // namespace reslab::orchestrator
