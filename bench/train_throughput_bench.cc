// Training-step throughput of reslab's model: the step `reslab-worker train` runs (zero_grad,
// AccumulateGradients over the whole batch, clip_grad_norm_ at 1.0, AdamW step), on random
// tokens generated before timing. After --warmup untimed steps it times --steps steps and
// prints one JSON line: the median step time, tokens/s = batch * block / median, achieved
// GFLOP/s with FLOP/token = 6 P + 12 L d T, and the process's max RSS.
// Usage: train_throughput_bench --variant standard --d 128 --layers 4 --heads 4 --vocab 2048
//                               --block 128 --batch 16 --steps 20 [--warmup 3]
//                               [--threads 1] [--blas-threads 2] [--seed 0]
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <torch/torch.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "worker/model/gpt.h"
#include "worker/model/model_options.h"
#include "worker/train/heap_tuning.h"
#include "worker/train/threads.h"
#include "worker/train/train_step.h"

namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  std::string variant = "standard";
  int64_t d_model = 128;
  int64_t layers = 4;
  int64_t heads = 4;
  int64_t vocab = 2048;
  int64_t block = 128;
  int64_t batch = 16;
  int steps = 20;
  int warmup = 3;
  int threads = 1;
  int blas_threads = 2;
  int64_t seed = 0;
};

double Seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return 0.5 * (values[middle - 1] + values[middle]);
}

// Busy CPU seconds of the whole machine (user, nice, system, irq, softirq) from /proc/stat.
double MachineBusySeconds() {
  std::ifstream stat("/proc/stat");
  std::string label;
  int64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
  stat >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq;
  return static_cast<double>(user + nice + system + irq + softirq) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double OwnCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

int64_t MaxRssKib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

nlohmann::json RunBench(const BenchOptions& options) {
  reslab::train::ConfigureThreads({options.threads, options.blas_threads});
  reslab::train::TuneHeapForTraining();

  reslab::model::ModelOptions model_options;
  model_options.vocab_size = options.vocab;
  model_options.block_size = options.block;
  model_options.d_model = options.d_model;
  model_options.n_layers = options.layers;
  model_options.n_heads = options.heads;
  model_options.variant = reslab::model::ParseVariant(options.variant);

  // The same construction and optimizer settings as Trainer, with weight decay 0.1.
  torch::manual_seed(static_cast<uint64_t>(options.seed));
  reslab::model::Gpt model(model_options);
  model->train();
  const std::vector<torch::Tensor> parameters = model->parameters();
  torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(1e-3)
                                                .betas(std::make_tuple(0.9, 0.95))
                                                .eps(1e-8)
                                                .weight_decay(0.1));
  int64_t parameter_count = 0;
  for (const torch::Tensor& parameter : parameters) parameter_count += parameter.numel();

  const int total = options.warmup + options.steps;
  torch::manual_seed(static_cast<uint64_t>(options.seed) + 1);
  const torch::Tensor data =
      torch::randint(0, options.vocab, {total, options.batch, options.block + 1}, torch::kInt64);

  std::vector<double> step_seconds;
  std::vector<double> gradient_seconds;
  std::vector<double> optimizer_seconds;
  double first_loss = 0.0;
  double last_loss = 0.0;
  double busy_start = 0.0;
  double own_start = 0.0;
  Clock::time_point wall_start;
  for (int step = 0; step < total; ++step) {
    if (step == options.warmup) {
      busy_start = MachineBusySeconds();
      own_start = OwnCpuSeconds();
      wall_start = Clock::now();
    }
    const Clock::time_point start = Clock::now();
    optimizer.zero_grad();
    const double loss = reslab::train::AccumulateGradients(model, data[step], options.batch);
    const Clock::time_point gradients_done = Clock::now();
    torch::nn::utils::clip_grad_norm_(parameters, 1.0);
    optimizer.step();
    const Clock::time_point end = Clock::now();
    if (!std::isfinite(loss)) {
      throw std::runtime_error("non-finite loss " + std::to_string(loss) + " at step " +
                               std::to_string(step));
    }
    if (step == 0) first_loss = loss;
    last_loss = loss;
    if (step >= options.warmup) {
      step_seconds.push_back(Seconds(end - start));
      gradient_seconds.push_back(Seconds(gradients_done - start));
      optimizer_seconds.push_back(Seconds(end - gradients_done));
    }
  }
  const double wall = Seconds(Clock::now() - wall_start);
  const double own_cpu = OwnCpuSeconds() - own_start;
  const double busy = MachineBusySeconds() - busy_start;
  const double cpus = static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));

  const double median = Median(step_seconds);
  const double tokens_per_step = static_cast<double>(options.batch * options.block);
  const double flops_per_token =
      6.0 * static_cast<double>(parameter_count) +
      12.0 * static_cast<double>(options.layers * options.d_model * options.block);
  nlohmann::json result = {
      {"impl", "reslab"},
      {"variant", options.variant},
      {"d", options.d_model},
      {"layers", options.layers},
      {"heads", options.heads},
      {"vocab", options.vocab},
      {"block", options.block},
      {"batch", options.batch},
      {"threads", options.threads},
      {"blas_threads", options.blas_threads},
      {"steps", options.steps},
      {"warmup", options.warmup},
      {"params", parameter_count},
      {"step_median_s", median},
      {"step_min_s", *std::min_element(step_seconds.begin(), step_seconds.end())},
      {"fwd_bwd_median_s", Median(gradient_seconds)},
      {"opt_median_s", Median(optimizer_seconds)},
      {"tokens_per_s", tokens_per_step / median},
      {"flops_per_token", flops_per_token},
      {"gflops_per_s", flops_per_token * tokens_per_step / median / 1e9},
      {"cpu_per_wall", own_cpu / wall},
      {"other_load_frac", std::max(0.0, busy - own_cpu) / (cpus * wall)},
      {"max_rss_kib", MaxRssKib()},
      {"loss_first", first_loss},
      {"loss_last", last_loss},
  };
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options;
  CLI::App app{"Times reslab's training step on random tokens and prints one JSON line."};
  app.add_option("--variant", options.variant, "residual variant, e.g. standard, review, highway");
  app.add_option("--d", options.d_model, "model width d_model");
  app.add_option("--layers", options.layers, "number of blocks");
  app.add_option("--heads", options.heads, "attention heads");
  app.add_option("--vocab", options.vocab, "vocabulary size");
  app.add_option("--block", options.block, "sequence length in tokens");
  app.add_option("--batch", options.batch, "sequences per step");
  app.add_option("--steps", options.steps, "timed steps")->check(CLI::PositiveNumber);
  app.add_option("--warmup", options.warmup, "untimed steps before timing")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--threads", options.threads, "ATen intra-op (OpenMP) threads");
  app.add_option("--blas-threads", options.blas_threads, "OpenBLAS threads");
  app.add_option("--seed", options.seed, "seed of the weights; the data uses seed + 1");
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::warn);
  try {
    std::cout << RunBench(options).dump() << std::endl;
  } catch (const std::exception& error) {
    std::cerr << "train_throughput_bench failed: " << error.what() << std::endl;
    return 1;
  }
  return 0;
}
