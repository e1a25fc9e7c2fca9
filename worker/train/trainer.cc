#include "worker/train/trainer.h"

#include <spdlog/spdlog.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include "worker/data/token_dataset.h"
#include "worker/data/token_stream.h"
#include "worker/model/gpt.h"
#include "worker/train/checkpoint.h"
#include "worker/train/device.h"
#include "worker/train/evaluation.h"
#include "worker/train/lr_schedule.h"
#include "worker/train/train_step.h"

namespace reslab::train {
namespace {

using Clock = std::chrono::steady_clock;

// final_train_loss is the mean over this many last steps.
constexpr size_t kFinalLossSteps = 10;
// A run has trained when its final loss is at least this fraction below its initial loss.
constexpr double kMinRelativeImprovement = 0.01;

double Seconds(Clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

double Mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double value : values) sum += value;
  return values.empty() ? std::numeric_limits<double>::quiet_NaN()
                        : sum / static_cast<double>(values.size());
}

// The settings that change a run's trajectory. Micro-batch size, device, logging and
// checkpoint settings are left out: a run may resume with other values of those.
nlohmann::json RunIdentity(const TrainSpec& spec) {
  nlohmann::json identity = spec;
  for (const char* key : {"micro_batch_size", "eval_windows", "log_every", "checkpoint_every",
                          "checkpoint_dir", "device"}) {
    identity.erase(key);
  }
  identity["data"].erase("cache_dir");
  return identity;
}

void SetLearningRate(torch::optim::Optimizer& optimizer, double lr) {
  for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups()) {
    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
  }
}

class Trainer {
 public:
  Trainer(const TrainSpec& spec, const TrainHooks& hooks)
      : spec_(spec), hooks_(hooks), device_(ResolveDevice(spec.device)) {}

  TrainResult Run();

 private:
  void Setup();
  // Forward and backward of one step, halving the micro-batch on CUDA out-of-memory errors.
  double ComputeGradients(const torch::Tensor& windows);
  void RecordLoss(double loss);
  void ReportMetrics(double lr, double grad_norm_first, double grad_norm_last);
  void WriteCheckpoint();
  TrainResult Finish(const std::string& status, const std::string& message);

  TrainSpec spec_;
  const TrainHooks& hooks_;
  torch::Device device_;
  Clock::time_point start_ = Clock::now();

  std::optional<data::TokenDataset> dataset_;
  std::optional<data::WindowSampler> sampler_;
  model::Gpt model_{nullptr};
  std::optional<torch::optim::AdamW> optimizer_;
  CheckpointIdentity identity_;
  TrainingProgress progress_;
  int64_t resumed_from_step_ = 0;
  int64_t last_checkpoint_step_ = -1;

  Clock::time_point interval_start_;
  int64_t interval_tokens_ = 0;
};

void Trainer::Setup() {
  spec_.Validate();
  data::TokenStream stream = data::LoadTokenStream(spec_.data, spec_.model.vocab_size);
  spec_.model.vocab_size = stream.vocab_size;
  spec_.model.Validate();
  dataset_.emplace(std::move(stream), spec_.model.block_size);
  sampler_.emplace(static_cast<uint64_t>(spec_.seed), dataset_->train_window_count());

  torch::manual_seed(static_cast<uint64_t>(spec_.seed));
  model_ = model::Gpt(spec_.model);
  model_->to(device_);
  model_->train();
  optimizer_.emplace(model_->parameters(),
                     torch::optim::AdamWOptions(spec_.lr)
                         .betas(std::make_tuple(0.9, 0.95))
                         .eps(1e-8)
                         .weight_decay(spec_.weight_decay));

  progress_.micro_batch_size = spec_.micro_batch_size > 0 ? spec_.micro_batch_size : spec_.batch_size;
  progress_.initial_loss = std::numeric_limits<double>::quiet_NaN();
  identity_ = CheckpointIdentity{RunIdentity(spec_), sampler_->seed(), sampler_->window_count()};
  if (!spec_.checkpoint_dir.empty() &&
      LoadCheckpoint(spec_.checkpoint_dir, identity_, device_, model_, *optimizer_, &progress_)) {
    resumed_from_step_ = progress_.step;
    last_checkpoint_step_ = progress_.step;
    // A smaller micro-batch from the spec wins; out-of-memory halvings are kept otherwise.
    if (spec_.micro_batch_size > 0 && spec_.micro_batch_size < progress_.micro_batch_size) {
      progress_.micro_batch_size = spec_.micro_batch_size;
    }
  }
}

double Trainer::ComputeGradients(const torch::Tensor& windows) {
  const int64_t step = progress_.step;
  const auto before_micro_batch = [this, step](int64_t micro_batch_size) {
    if (hooks_.before_micro_batch) hooks_.before_micro_batch(step, micro_batch_size);
  };
  while (true) {
    try {
      return AccumulateGradients(model_, windows, progress_.micro_batch_size, before_micro_batch);
    } catch (const std::exception& error) {
      if (!IsOutOfMemory(error) || progress_.micro_batch_size == 1) throw;
      optimizer_->zero_grad();
      const int64_t halved = progress_.micro_batch_size / 2;
      spdlog::warn("out of memory at step {} with micro-batch {}: retrying with micro-batch {}",
                   step, progress_.micro_batch_size, halved);
      progress_.micro_batch_size = halved;
      ++progress_.oom_halvings;
    }
  }
}

void Trainer::RecordLoss(double loss) {
  if (progress_.step == 0) progress_.initial_loss = loss;
  progress_.recent_losses.push_back(loss);
  if (progress_.recent_losses.size() > kFinalLossSteps) {
    progress_.recent_losses.erase(progress_.recent_losses.begin());
  }
  progress_.interval_loss_sum += loss;
  ++progress_.interval_steps;
  progress_.tokens += spec_.batch_size * spec_.model.block_size;
  interval_tokens_ += spec_.batch_size * spec_.model.block_size;
  ++progress_.step;
}

void Trainer::ReportMetrics(double lr, double grad_norm_first, double grad_norm_last) {
  const int64_t step = progress_.step;
  const double train_loss =
      progress_.interval_loss_sum / static_cast<double>(progress_.interval_steps);
  progress_.loss_curve.emplace_back(step, train_loss);
  progress_.interval_loss_sum = 0.0;
  progress_.interval_steps = 0;

  const Clock::time_point now = Clock::now();
  const double seconds = Seconds(now - interval_start_);
  const double tokens_per_second =
      seconds > 0.0 ? static_cast<double>(interval_tokens_) / seconds : 0.0;
  interval_start_ = now;
  interval_tokens_ = 0;

  if (!hooks_.on_metrics) return;
  std::vector<MetricPoint> points = {{step, "train_loss", train_loss},
                                     {step, "lr", lr},
                                     {step, "tokens_per_second", tokens_per_second},
                                     {step, "grad_norm_first", grad_norm_first},
                                     {step, "grad_norm_last", grad_norm_last}};
  const std::vector<double> gates = model_->GateMeans();
  for (size_t i = 0; i < gates.size(); ++i) {
    points.push_back({step, "gate_mean/" + std::to_string(i), gates[i]});
  }
  hooks_.on_metrics(points);
}

void Trainer::WriteCheckpoint() {
  if (spec_.checkpoint_dir.empty() || last_checkpoint_step_ == progress_.step) return;
  SaveCheckpoint(spec_.checkpoint_dir, identity_, model_, *optimizer_, progress_);
  last_checkpoint_step_ = progress_.step;
}

TrainResult Trainer::Finish(const std::string& status, const std::string& message) {
  TrainResult result;
  result.status = status;
  result.message = message;
  result.params = 0;
  for (const torch::Tensor& parameter : model_->parameters()) result.params += parameter.numel();
  result.steps = progress_.step;
  result.tokens = progress_.tokens;
  result.micro_batch_size = progress_.micro_batch_size;
  result.oom_halvings = progress_.oom_halvings;
  result.resumed_from_step = resumed_from_step_;
  result.device = device_.str();
  result.initial_train_loss = progress_.initial_loss;
  result.final_train_loss = Mean(progress_.recent_losses);
  result.loss_curve = progress_.loss_curve;
  result.val_loss = std::numeric_limits<double>::quiet_NaN();
  result.ece = std::numeric_limits<double>::quiet_NaN();
  if (status == kStatusCompleted || status == kStatusFailedToTrain) {
    const Evaluation evaluation =
        Evaluate(model_, dataset_->ValidationWindows(spec_.eval_windows),
                 progress_.micro_batch_size, device_);
    result.val_loss = evaluation.loss;
    result.ece = evaluation.ece;
  }
  result.seconds = Seconds(Clock::now() - start_);
  spdlog::info("training stopped: status {}, step {}, val_loss {}, {:.1f} s", result.status,
               result.steps, result.val_loss, result.seconds);
  return result;
}

TrainResult Trainer::Run() {
  Setup();
  spdlog::info("training start: {} d_model {} layers {} heads {} vocab {} seed {} steps {} on {}{}",
               model::VariantName(spec_.model.variant), spec_.model.d_model, spec_.model.n_layers,
               spec_.model.n_heads, spec_.model.vocab_size, spec_.seed, spec_.steps,
               device_.str(),
               resumed_from_step_ > 0 ? " (resumed at step " + std::to_string(resumed_from_step_) + ")"
                                      : std::string());
  const std::vector<torch::Tensor> parameters = model_->parameters();
  const std::vector<torch::Tensor> first_sublayer = model_->FirstSublayerParameters();
  const std::vector<torch::Tensor> last_sublayer = model_->LastSublayerParameters();
  interval_start_ = Clock::now();

  while (progress_.step < spec_.steps) {
    const int64_t step = progress_.step;
    const double lr = LearningRate(step, spec_.lr, spec_.warmup_steps, spec_.steps);
    SetLearningRate(*optimizer_, lr);

    const torch::Tensor windows = dataset_->TrainWindows(sampler_->Starts(step, spec_.batch_size));
    if (hooks_.on_batch) hooks_.on_batch(step, windows);

    optimizer_->zero_grad();
    const double loss = ComputeGradients(windows.to(device_));
    if (!std::isfinite(loss)) {
      RecordLoss(loss);
      progress_.loss_curve.emplace_back(progress_.step, loss);
      const std::string message = "training loss became non-finite (" + std::to_string(loss) +
                                  ") at step " + std::to_string(step);
      spdlog::warn("{}", message);
      return Finish(kStatusDiverged, message);
    }

    const bool log_now = (step + 1) % spec_.log_every == 0 || step + 1 == spec_.steps;
    const double grad_norm_first = log_now ? GradientNorm(first_sublayer) : 0.0;
    const double grad_norm_last = log_now ? GradientNorm(last_sublayer) : 0.0;
    if (spec_.grad_clip > 0.0) torch::nn::utils::clip_grad_norm_(parameters, spec_.grad_clip);
    optimizer_->step();

    RecordLoss(loss);
    if (hooks_.on_step) hooks_.on_step(progress_.step, loss);
    if (log_now) ReportMetrics(lr, grad_norm_first, grad_norm_last);
    if (spec_.checkpoint_every > 0 && progress_.step % spec_.checkpoint_every == 0) {
      WriteCheckpoint();
    }
    if (hooks_.should_stop && hooks_.should_stop()) {
      WriteCheckpoint();
      return Finish(kStatusInterrupted, "stopped at step " + std::to_string(progress_.step) +
                                            " on request");
    }
  }

  const double final_loss = Mean(progress_.recent_losses);
  if (!(final_loss < progress_.initial_loss * (1.0 - kMinRelativeImprovement))) {
    return Finish(kStatusFailedToTrain,
                  "final training loss " + std::to_string(final_loss) +
                      " is not clearly below the initial loss " +
                      std::to_string(progress_.initial_loss));
  }
  return Finish(kStatusCompleted, "");
}

}  // namespace

TrainResult Train(const TrainSpec& spec, const TrainHooks& hooks) {
  Trainer trainer(spec, hooks);
  return trainer.Run();
}

}  // namespace reslab::train
