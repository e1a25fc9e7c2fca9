#include "worker/train/train_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "worker/data/atomic_file.h"
#include "worker/train/progress_line.h"
#include "worker/train/stop_request.h"
#include "worker/train/heap_tuning.h"
#include "worker/train/threads.h"
#include "worker/train/trainer.h"

namespace reslab::train {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitInvalidInput = 2;

// Flag values; each one given on the command line overrides the spec file.
struct TrainFlags {
  std::string spec_file;
  std::string out_file;
  int64_t d_model = 0;
  int64_t layers = 0;
  int64_t heads = 0;
  int64_t block = 0;
  int64_t batch = 0;
  int64_t micro_batch = 0;
  int64_t steps = 0;
  double lr = 0.0;
  int64_t warmup = 0;
  std::string variant;
  int64_t seed = 0;
  int64_t vocab = 0;
  std::string tokenizer;
  std::string corpus;
  std::string token_file;
  std::string cache_dir;
  std::string checkpoint_dir;
  int64_t checkpoint_every = 0;
  int64_t eval_windows = 0;
  std::string device;
  int64_t log_every = 0;
  ThreadSettings threads;
  bool no_progress = false;
};

// Options whose values override the spec, with the setter that applies each one.
struct Override {
  CLI::Option* option;
  std::function<void(TrainSpec&)> apply;
};

TrainSpec ReadSpecFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read spec file " + path);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& error) {
    throw std::invalid_argument("spec file " + path + " is not valid JSON: " + error.what());
  }
  try {
    return json.get<TrainSpec>();
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument("spec file " + path + ": " + error.what());
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument("spec file " + path + ": " + error.what());
  }
}

int RunTrain(const TrainFlags& flags, const std::vector<Override>& overrides) {
  TrainSpec spec;
  try {
    if (!flags.spec_file.empty()) spec = ReadSpecFile(flags.spec_file);
    for (const Override& override_flag : overrides) {
      if (override_flag.option->count() > 0) override_flag.apply(spec);
    }
    spec.Validate();
  } catch (const std::invalid_argument& error) {
    spdlog::error("invalid train spec: {}", error.what());
    return kExitInvalidInput;
  }

  ConfigureThreads(flags.threads);
  TuneHeapForTraining();
  InstallTrainStopHandlers();

  std::optional<ProgressLine> progress;
  if (!flags.no_progress && ::isatty(STDERR_FILENO)) {
    progress.emplace(stderr, spec.steps, spec.batch_size * spec.model.block_size);
  }
  TrainHooks hooks;
  hooks.should_stop = [] { return TrainStopSignal() != 0; };
  hooks.on_step = [&progress](int64_t step, double loss) {
    if (progress) progress->Update(step, loss);
  };

  TrainResult result;
  try {
    result = Train(spec, hooks);
  } catch (const std::invalid_argument& error) {
    if (progress) progress->Finish();
    spdlog::error("invalid input: {}", error.what());
    return kExitInvalidInput;
  } catch (const std::exception& error) {
    if (progress) progress->Finish();
    spdlog::error("training failed: {}", error.what());
    return kExitFailure;
  }
  if (progress) progress->Finish();

  const std::string text = nlohmann::json(result).dump(2) + "\n";
  if (!flags.out_file.empty()) {
    try {
      data::WriteFileAtomically(flags.out_file, text);
    } catch (const std::exception& error) {
      spdlog::error("cannot write --out {}: {}", flags.out_file, error.what());
      std::cout << text;
      return kExitFailure;
    }
  }
  std::cout << text << std::flush;
  return kExitOk;
}

}  // namespace

void AddTrainCommand(CLI::App& app, int* exit_code) {
  CLI::App* command = app.add_subcommand(
      "train",
      "Train one run from a JSON TrainSpec (--spec) and/or flags, and print the JSON result. "
      "Flags override the spec file. Exits 0 for every training outcome (completed, diverged, "
      "failed_to_train, interrupted), 2 for invalid input and 1 for other failures.");
  // A flag given twice takes its last value, so scripts can append overrides.
  command->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  auto flags = std::make_shared<TrainFlags>();
  auto overrides = std::make_shared<std::vector<Override>>();
  auto add = [&](const std::string& name, auto* value, const std::string& help,
                 std::function<void(TrainSpec&)> apply) {
    overrides->push_back({command->add_option(name, *value, help), std::move(apply)});
  };
  TrainFlags& f = *flags;

  command->add_option("--spec", f.spec_file, "TrainSpec JSON file")->check(CLI::ExistingFile);
  command->add_option("--out", f.out_file, "Also write the JSON result to this file");
  add("--d-model", &f.d_model, "Residual stream width",
      [&f](TrainSpec& s) { s.model.d_model = f.d_model; });
  add("--layers", &f.layers, "Transformer layers", [&f](TrainSpec& s) { s.model.n_layers = f.layers; });
  add("--heads", &f.heads, "Attention heads", [&f](TrainSpec& s) { s.model.n_heads = f.heads; });
  add("--block", &f.block, "Context length in tokens",
      [&f](TrainSpec& s) { s.model.block_size = f.block; });
  add("--variant", &f.variant, "Residual variant: standard, review, highway, review_convex, "
      "highway_convex, layerscale or rezero",
      [&f](TrainSpec& s) { s.model.variant = model::ParseVariant(f.variant); });
  add("--batch", &f.batch, "Sequences per optimizer step",
      [&f](TrainSpec& s) { s.batch_size = f.batch; });
  add("--micro-batch", &f.micro_batch, "Sequences per forward pass (divides --batch; 0: --batch)",
      [&f](TrainSpec& s) { s.micro_batch_size = f.micro_batch; });
  add("--steps", &f.steps, "Optimizer steps", [&f](TrainSpec& s) { s.steps = f.steps; });
  add("--lr", &f.lr, "Peak learning rate", [&f](TrainSpec& s) { s.lr = f.lr; });
  add("--warmup", &f.warmup, "Linear warmup in optimizer steps",
      [&f](TrainSpec& s) { s.warmup_steps = f.warmup; });
  add("--seed", &f.seed, "Seed of the initialisation and the training batches",
      [&f](TrainSpec& s) { s.seed = f.seed; });
  add("--vocab", &f.vocab, "Vocabulary size (sentencepiece: 256-65536; tokens: every id below it)",
      [&f](TrainSpec& s) {
        s.data.vocab_size = f.vocab;
        s.model.vocab_size = f.vocab;
      });
  add("--tokenizer", &f.tokenizer, "sentencepiece, byte or tokens",
      [&f](TrainSpec& s) { s.data.tokenizer = f.tokenizer; });
  add("--corpus", &f.corpus, "UTF-8 text file or folder of *.txt files",
      [&f](TrainSpec& s) { s.data.corpus = f.corpus; });
  add("--token-file", &f.token_file, "Little-endian uint16 token file (--tokenizer tokens)",
      [&f](TrainSpec& s) { s.data.token_file = f.token_file; });
  add("--cache-dir", &f.cache_dir, "Tokenizer cache folder (default $XDG_CACHE_HOME/reslab)",
      [&f](TrainSpec& s) { s.data.cache_dir = f.cache_dir; });
  add("--checkpoint-dir", &f.checkpoint_dir,
      "Checkpoint folder; a checkpoint already there is resumed",
      [&f](TrainSpec& s) { s.checkpoint_dir = f.checkpoint_dir; });
  add("--checkpoint-every", &f.checkpoint_every, "Checkpoint every N optimizer steps (0: only on "
      "SIGTERM, SIGUSR1 or SIGINT)",
      [&f](TrainSpec& s) { s.checkpoint_every = f.checkpoint_every; });
  add("--eval-windows", &f.eval_windows, "Fixed validation windows for the final evaluation",
      [&f](TrainSpec& s) { s.eval_windows = f.eval_windows; });
  add("--device", &f.device, "auto, cpu, cuda or cuda:N", [&f](TrainSpec& s) { s.device = f.device; });
  add("--log-every", &f.log_every, "Optimizer steps between metric reports",
      [&f](TrainSpec& s) { s.log_every = f.log_every; });
  command->add_option("--threads", f.threads.torch_threads,
                      "ATen (OpenMP) threads; 0 means 1");
  command->add_option("--blas-threads", f.threads.blas_threads,
                      "OpenBLAS threads; 0 means one per hardware thread");
  command->add_flag("--no-progress", f.no_progress, "No progress line, even on a terminal");

  command->callback([flags, overrides, exit_code] {
    // The JSON result owns stdout, so log lines go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_st("reslab-worker-train"));
    try {
      *exit_code = RunTrain(*flags, *overrides);
    } catch (const std::invalid_argument& error) {
      spdlog::error("invalid input: {}", error.what());
      *exit_code = kExitInvalidInput;
    }
  });
}

}  // namespace reslab::train
