#include "orchestrator/sweep_expansion.h"

#include "orchestrator/errors.h"

namespace reslab::orchestrator {

model::ModelOptions ModelOptionsFor(const v1::ModelConfig& config, const std::string& variant,
                                    const v1::DataSpec& data) {
  model::ModelOptions options;
  options.vocab_size = data.tokenizer() == "byte" ? 256 : data.vocab_size();
  options.block_size = config.block_size();
  options.d_model = config.d_model();
  options.n_layers = config.n_layers();
  options.n_heads = config.n_heads();
  options.variant = model::ParseVariant(variant);
  return options;
}

model::ModelOptions MatchedModelOptions(const v1::SweepSpec& spec, int config_index,
                                        const std::string& variant) {
  const v1::ModelConfig& config = spec.configs(config_index);
  model::ModelOptions options = ModelOptionsFor(config, variant, spec.data());
  if (spec.matched_to().empty() || spec.matched_to() == variant) return options;
  model::ModelOptions target = ModelOptionsFor(config, spec.matched_to(), spec.data());
  return model::MatchWidth(options, target);
}

std::vector<db::NewRun> ExpandSweep(const v1::SweepSpec& spec) {
  std::vector<db::NewRun> runs;
  runs.reserve(static_cast<size_t>(spec.configs_size() * spec.variants_size() * spec.seeds_size()));
  for (int c = 0; c < spec.configs_size(); ++c) {
    const v1::ModelConfig& config = spec.configs(c);
    for (int v = 0; v < spec.variants_size(); ++v) {
      const std::string& variant = spec.variants(v);
      model::ModelOptions options;
      try {
        options = MatchedModelOptions(spec, c, variant);
        options.Validate();
      } catch (const model::InvalidOptions& error) {
        throw InvalidArgument("configs[" + std::to_string(c) + "] with variant " + variant + ": " +
                              error.what());
      }
      int64_t params = model::CountParameters(options);
      for (int64_t seed : spec.seeds()) {
        db::NewRun run;
        run.config = config.name();
        run.config_index = c;
        run.variant = variant;
        run.seed = seed;
        run.params = params;
        run.d_model = static_cast<int>(options.d_model);
        run.steps = config.steps();
        run.max_attempts = spec.max_attempts();
        run.micro_batch_size = config.micro_batch_size();
        runs.push_back(std::move(run));
      }
    }
  }
  return runs;
}

}  // namespace reslab::orchestrator
