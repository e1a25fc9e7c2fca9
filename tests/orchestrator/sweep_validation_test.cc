#include "orchestrator/sweep_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "orchestrator/errors.h"
#include "orchestrator/sweep_expansion.h"
#include "orchestrator/sweep_json.h"
#include "tests/orchestrator/test_support.h"

namespace reslab::orchestrator {
namespace {

using ::testing::HasSubstr;
using testing::TinySweep;

// The message of the OrchestratorError that validation throws, or "" when it passes.
std::string ValidationError(const v1::SweepSpec& spec, int64_t max_runs = kDefaultMaxRuns) {
  try {
    ValidateAndFillSweep(spec, max_runs);
  } catch (const OrchestratorError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    return error.what();
  }
  return "";
}

TEST(SweepValidation, AcceptsTinySweep) { EXPECT_EQ(ValidationError(TinySweep("ok")), ""); }

TEST(SweepValidation, NamesDModelNotDivisibleByHeads) {
  v1::SweepSpec spec = TinySweep("s");
  spec.mutable_configs(1)->set_d_model(100);
  spec.mutable_configs(1)->set_n_heads(3);
  EXPECT_EQ(ValidationError(spec), "configs[1].d_model: 100 is not divisible by n_heads 3");
}

struct InvalidCase {
  std::string label;
  std::function<void(v1::SweepSpec&)> edit;
  std::string expected;
};

TEST(SweepValidation, RejectsEachInvalidField) {
  const std::vector<InvalidCase> cases = {
      {"empty name", [](v1::SweepSpec& s) { s.set_name(""); }, "name: is required"},
      {"bad name", [](v1::SweepSpec& s) { s.set_name("a b"); }, "name: 'a b' may contain only"},
      {"no configs", [](v1::SweepSpec& s) { s.clear_configs(); }, "configs: at least one"},
      {"no seeds", [](v1::SweepSpec& s) { s.clear_seeds(); }, "seeds: at least one seed"},
      {"repeated seed", [](v1::SweepSpec& s) { s.add_seeds(0); }, "seeds[2]: 0 is repeated"},
      {"negative seed", [](v1::SweepSpec& s) { s.set_seeds(0, -5); }, "seeds[0]: -5 is outside"},
      {"negative steps", [](v1::SweepSpec& s) { s.mutable_configs(0)->set_steps(-10); },
       "configs[0].steps: -10 is outside 1-10000000"},
      {"missing steps", [](v1::SweepSpec& s) { s.mutable_configs(1)->set_steps(0); },
       "configs[1].steps: is required"},
      {"d_model too small", [](v1::SweepSpec& s) { s.mutable_configs(0)->set_d_model(4); },
       "configs[0].d_model: 4 is outside 8-16384"},
      {"too many layers", [](v1::SweepSpec& s) { s.mutable_configs(0)->set_n_layers(300); },
       "configs[0].n_layers: 300 is outside 1-256"},
      {"lr above 1", [](v1::SweepSpec& s) { s.mutable_configs(0)->set_lr(2); },
       "configs[0].lr: 2 is outside (0, 1]"},
      {"warmup above steps", [](v1::SweepSpec& s) { s.mutable_configs(0)->set_warmup_steps(21); },
       "configs[0].warmup_steps: 21 is outside 0-20"},
      {"micro-batch not dividing",
       [](v1::SweepSpec& s) { s.mutable_configs(0)->set_micro_batch_size(3); },
       "configs[0].micro_batch_size: 3 does not divide batch_size 4"},
      {"repeated config name", [](v1::SweepSpec& s) { s.mutable_configs(1)->set_name("c0"); },
       "configs[1].name: 'c0' is repeated"},
      {"unknown variant", [](v1::SweepSpec& s) { s.add_variants("reveiw"); },
       "variants[2]: 'reveiw' is not a variant"},
      {"no variants", [](v1::SweepSpec& s) { s.clear_variants(); }, "variants: at least one"},
      {"bad tokenizer", [](v1::SweepSpec& s) { s.mutable_data()->set_tokenizer("bpe"); },
       "data.tokenizer: 'bpe' is not one of"},
      {"sentencepiece without vocab",
       [](v1::SweepSpec& s) { s.mutable_data()->set_tokenizer("sentencepiece"); },
       "data.vocab_size: is required"},
      {"tokens without file", [](v1::SweepSpec& s) { s.mutable_data()->set_tokenizer("tokens"); },
       "data.token_file: is required"},
      {"treatment not in sweep", [](v1::SweepSpec& s) { s.set_treatment("highway"); },
       "treatment: 'highway' is not one of the sweep's variants"},
      {"baseline is treatment", [](v1::SweepSpec& s) { s.add_baselines("review"); },
       "baselines[0]: 'review' is the treatment"},
      {"priority too high", [](v1::SweepSpec& s) { s.set_priority(1001); },
       "priority: 1001 is outside -1000-1000"},
      {"max_attempts too high", [](v1::SweepSpec& s) { s.set_max_attempts(101); },
       "max_attempts: 101 is outside 1-100"},
      {"negative checkpoint_every", [](v1::SweepSpec& s) { s.set_checkpoint_every(-1); },
       "checkpoint_every: -1 is outside"},
      {"bad matched_to", [](v1::SweepSpec& s) { s.set_matched_to("big"); },
       "matched_to: 'big' is not a variant"},
  };
  for (const InvalidCase& invalid : cases) {
    v1::SweepSpec spec = TinySweep("s");
    invalid.edit(spec);
    EXPECT_THAT(ValidationError(spec), HasSubstr(invalid.expected)) << invalid.label;
  }
}

TEST(SweepValidation, RejectsGridAboveMaximum) {
  v1::SweepSpec spec = TinySweep("big", 2, {"standard", "review"}, 3);
  EXPECT_EQ(ValidationError(spec, 12), "");
  EXPECT_THAT(ValidationError(spec, 11),
              HasSubstr("grid: 2 configs x 2 variants x 3 seeds = 12 runs, more than the "
                        "maximum of 11"));
}

TEST(SweepValidation, FillsDefaults) {
  v1::SweepSpec spec = TinySweep("s");
  spec.mutable_configs(0)->set_batch_size(0);
  spec.mutable_configs(0)->set_steps(300);
  v1::SweepSpec filled = ValidateAndFillSweep(spec, kDefaultMaxRuns);
  const v1::ModelConfig& config = filled.configs(0);
  EXPECT_EQ(config.batch_size(), 64);
  EXPECT_EQ(config.micro_batch_size(), 64);
  EXPECT_DOUBLE_EQ(config.lr(), 2e-4);
  EXPECT_EQ(config.warmup_steps(), 300);
  EXPECT_EQ(config.eval_windows(), 64);
  EXPECT_EQ(filled.configs(1).block_size(), 16);
  EXPECT_EQ(filled.max_attempts(), 3);
  EXPECT_EQ(filled.checkpoint_every(), 500);
  EXPECT_EQ(filled.log_every(), 10);
  EXPECT_EQ(filled.treatment(), "review");
  ASSERT_EQ(filled.baselines_size(), 1);
  EXPECT_EQ(filled.baselines(0), "standard");
  EXPECT_EQ(filled.data().vocab_size(), 256);
}

TEST(SweepValidation, KeepsExplicitZeroWarmup) {
  v1::SweepSpec spec = TinySweep("s");
  spec.mutable_configs(0)->set_warmup_steps(0);
  EXPECT_EQ(ValidateAndFillSweep(spec, kDefaultMaxRuns).configs(0).warmup_steps(), 0);
}

TEST(SweepJson, RejectsUnknownFieldByName) {
  const std::string json = R"({"name": "s", "configs": [{"name": "c", "d_modle": 16}]})";
  try {
    ParseSweepJson(json);
    FAIL() << "a misspelt field was accepted";
  } catch (const OrchestratorError& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(error.what(), HasSubstr("d_modle"));
  }
}

TEST(SweepJson, RoundTripsSpec) {
  v1::SweepSpec spec = ValidateAndFillSweep(TinySweep("s"), kDefaultMaxRuns);
  std::string json = SweepToJson(spec, true);
  EXPECT_THAT(json, HasSubstr("\"d_model\""));
  v1::SweepSpec parsed = ParseSweepJson(json);
  EXPECT_EQ(SweepToJson(parsed), SweepToJson(spec));
}

TEST(SweepJson, AcceptsLowerCamelCase) {
  v1::SweepSpec spec = ParseSweepJson(R"({"name": "s", "configs": [{"dModel": 32}]})");
  EXPECT_EQ(spec.configs(0).d_model(), 32);
}

TEST(SweepExpansion, ExpandsConfigsVariantsSeeds) {
  v1::SweepSpec spec =
      ValidateAndFillSweep(TinySweep("s", 2, {"standard", "review"}, 3), kDefaultMaxRuns);
  std::vector<db::NewRun> runs = ExpandSweep(spec);
  ASSERT_EQ(runs.size(), 12u);
  EXPECT_EQ(runs[0].config, "c0");
  EXPECT_EQ(runs[0].variant, "standard");
  EXPECT_EQ(runs[0].seed, 0);
  EXPECT_EQ(runs[11].config, "c1");
  EXPECT_EQ(runs[11].variant, "review");
  EXPECT_EQ(runs[11].seed, 2);
  for (const db::NewRun& run : runs) {
    model::ModelOptions options =
        ModelOptionsFor(spec.configs(run.config_index), run.variant, spec.data());
    EXPECT_EQ(run.params, model::CountParameters(options)) << run.config << " " << run.variant;
    EXPECT_EQ(run.d_model, spec.configs(run.config_index).d_model());
    EXPECT_EQ(run.steps, 20);
    EXPECT_EQ(run.max_attempts, 3);
  }
}

TEST(SweepExpansion, WidensBaselinesWhenMatched) {
  v1::SweepSpec spec = TinySweep("s", 1, {"standard", "review"}, 1);
  spec.mutable_configs(0)->set_d_model(64);
  spec.mutable_configs(0)->set_n_layers(2);
  spec.set_matched_to("review");
  std::vector<db::NewRun> runs = ExpandSweep(ValidateAndFillSweep(spec, kDefaultMaxRuns));
  ASSERT_EQ(runs.size(), 2u);
  const db::NewRun& standard = runs[0];
  const db::NewRun& review = runs[1];
  EXPECT_EQ(review.d_model, 64);
  EXPECT_GT(standard.d_model, 64);
  EXPECT_EQ(standard.d_model % 2, 0);
  EXPECT_GE(standard.params, review.params);
}

}  // namespace
}  // namespace reslab::orchestrator
