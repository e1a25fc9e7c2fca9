#include "worker/loop/run_conversion.h"

#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "worker/model/model_options.h"

namespace reslab::loop {
namespace {

constexpr int kByteVocabularySize = 256;

train::DataOptions ToDataOptions(const v1::DataSpec& data, const std::string& cache_dir) {
  train::DataOptions options;
  options.tokenizer = data.tokenizer().empty() ? "sentencepiece" : data.tokenizer();
  options.corpus = data.corpus();
  options.token_file = data.token_file();
  options.cache_dir = cache_dir;
  if (options.tokenizer == "byte") {
    options.vocab_size = kByteVocabularySize;
  } else if (options.tokenizer == "sentencepiece" || options.tokenizer == "tokens") {
    options.vocab_size = data.vocab_size();
  } else {
    throw std::invalid_argument("data.tokenizer: unknown tokenizer '" + data.tokenizer() +
                                "' (expected sentencepiece, byte or tokens)");
  }
  return options;
}

}  // namespace

std::string CheckpointDir(const std::string& checkpoint_root, const v1::RunSpec& run) {
  std::filesystem::path dir = std::filesystem::path(checkpoint_root) /
                              (run.sweep().empty() ? "unnamed" : run.sweep()) /
                              std::to_string(run.run_id());
  return dir.string();
}

train::TrainSpec ToTrainSpec(const v1::RunSpec& run, const LocalTrainSettings& settings) {
  const v1::ModelConfig& config = run.config();
  train::TrainSpec spec;
  spec.data = ToDataOptions(run.data(), settings.cache_dir);

  spec.model.vocab_size = spec.data.vocab_size;
  spec.model.block_size = config.block_size();
  spec.model.d_model = run.d_model() > 0 ? run.d_model() : config.d_model();
  spec.model.n_layers = config.n_layers();
  spec.model.n_heads = config.n_heads();
  try {
    spec.model.variant = model::ParseVariant(run.variant());
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument(std::string("variant: ") + error.what());
  }

  spec.seed = run.seed();
  spec.steps = config.steps();
  spec.batch_size = config.batch_size();
  // The attempt's micro-batch is smaller than the config's after an out-of-memory retry.
  spec.micro_batch_size = run.micro_batch_size() > 0 ? run.micro_batch_size()
                                                     : config.micro_batch_size();
  spec.lr = config.lr();
  spec.warmup_steps = config.warmup_steps();
  spec.eval_windows = config.eval_windows();
  spec.log_every = run.log_every();
  spec.checkpoint_every = run.checkpoint_every();
  if (!settings.checkpoint_root.empty()) {
    spec.checkpoint_dir = CheckpointDir(settings.checkpoint_root, run);
  }
  spec.device = settings.device;
  return spec;
}

v1::RunResult ToRunResult(const train::TrainResult& result) {
  v1::RunResult message;
  message.set_status(result.status);
  message.set_val_loss(result.val_loss);
  message.set_ece(result.ece);
  message.set_params(result.params);
  message.set_steps(result.steps);
  message.set_tokens(result.tokens);
  message.set_seconds(result.seconds);
  message.set_micro_batch_size(static_cast<int32_t>(result.micro_batch_size));
  message.set_result_json(nlohmann::json(result).dump());
  return message;
}

}  // namespace reslab::loop
