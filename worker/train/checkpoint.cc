#include "worker/train/checkpoint.h"

#include <ATen/Context.h>
#include <spdlog/spdlog.h>
#include <torch/cuda.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "worker/data/atomic_file.h"

namespace reslab::train {
namespace {

using nlohmann::json;

// Bumped whenever the layout below changes, so an old checkpoint is rejected by name.
constexpr int kCheckpointFormat = 1;

json ProgressToJson(const TrainingProgress& progress) {
  return json{{"step", progress.step},
              {"tokens", progress.tokens},
              {"micro_batch_size", progress.micro_batch_size},
              {"oom_halvings", progress.oom_halvings},
              {"initial_loss", progress.initial_loss},
              {"recent_losses", progress.recent_losses},
              {"loss_curve", progress.loss_curve},
              {"interval_loss_sum", progress.interval_loss_sum},
              {"interval_steps", progress.interval_steps}};
}

// Reads a double that JSON may hold as null (NaN and infinities are written as null).
double NullableDouble(const json& value) {
  return value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>();
}

TrainingProgress ProgressFromJson(const json& in) {
  TrainingProgress progress;
  progress.step = in.at("step").get<int64_t>();
  progress.tokens = in.at("tokens").get<int64_t>();
  progress.micro_batch_size = in.at("micro_batch_size").get<int64_t>();
  progress.oom_halvings = in.at("oom_halvings").get<int64_t>();
  progress.initial_loss = NullableDouble(in.at("initial_loss"));
  for (const json& loss : in.at("recent_losses")) progress.recent_losses.push_back(NullableDouble(loss));
  for (const json& point : in.at("loss_curve")) {
    progress.loss_curve.emplace_back(point.at(0).get<int64_t>(), NullableDouble(point.at(1)));
  }
  progress.interval_loss_sum = NullableDouble(in.at("interval_loss_sum"));
  progress.interval_steps = in.at("interval_steps").get<int64_t>();
  return progress;
}

json IdentityToJson(const CheckpointIdentity& identity) {
  return json{{"run", identity.run},
              {"sampler", {{"seed", identity.sampler_seed}, {"windows", identity.sampler_windows}}}};
}

// Names of the top-level settings in which two identities differ.
std::string DescribeDifference(const json& saved, const json& current) {
  std::string differences;
  const json patch = json::diff(saved, current);
  for (const json& operation : patch) {
    if (!differences.empty()) differences += ", ";
    differences += operation.at("path").get<std::string>();
  }
  return differences;
}

std::vector<torch::Device> CudaDevices() {
  std::vector<torch::Device> devices;
  if (!torch::cuda::is_available()) return devices;
  const auto count = static_cast<int64_t>(torch::cuda::device_count());
  for (int64_t i = 0; i < count; ++i) {
    devices.emplace_back(torch::kCUDA, static_cast<c10::DeviceIndex>(i));
  }
  return devices;
}

torch::Tensor GeneratorState(const torch::Device& device) {
  at::Generator generator = at::globalContext().defaultGenerator(device);
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void SetGeneratorState(const torch::Device& device, const torch::Tensor& state) {
  at::Generator generator = at::globalContext().defaultGenerator(device);
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state.cpu());
}

}  // namespace

std::string CheckpointPath(const std::string& checkpoint_dir) {
  return (std::filesystem::path(checkpoint_dir) / "checkpoint.pt").string();
}

void SaveCheckpoint(const std::string& checkpoint_dir, const CheckpointIdentity& identity,
                    model::Gpt& model, torch::optim::Optimizer& optimizer,
                    const TrainingProgress& progress) {
  torch::serialize::OutputArchive archive;
  const json meta = {{"format", kCheckpointFormat},
                     {"identity", IdentityToJson(identity)},
                     {"progress", ProgressToJson(progress)}};
  archive.write("meta", c10::IValue(meta.dump()));

  torch::serialize::OutputArchive model_archive;
  model->save(model_archive);
  archive.write("model", model_archive);

  torch::serialize::OutputArchive optimizer_archive;
  optimizer.save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);

  archive.write("rng/cpu", GeneratorState(torch::kCPU));
  for (const torch::Device& device : CudaDevices()) {
    archive.write("rng/" + device.str(), GeneratorState(device));
  }

  const std::string path = CheckpointPath(checkpoint_dir);
  data::WriteAtomically(path, [&archive](const std::string& temporary) {
    archive.save_to(temporary);
  });
  spdlog::info("checkpoint written: {} (step {})", path, progress.step);
}

bool LoadCheckpoint(const std::string& checkpoint_dir, const CheckpointIdentity& identity,
                    const torch::Device& device, model::Gpt& model,
                    torch::optim::Optimizer& optimizer, TrainingProgress* progress) {
  const std::string path = CheckpointPath(checkpoint_dir);
  if (!std::filesystem::exists(path)) return false;

  torch::serialize::InputArchive archive;
  archive.load_from(path, device);
  c10::IValue meta_value;
  archive.read("meta", meta_value);
  const json meta = json::parse(meta_value.toStringRef());
  if (meta.at("format").get<int>() != kCheckpointFormat) {
    throw std::invalid_argument("checkpoint " + path + " has format " + meta.at("format").dump() +
                                ", expected " + std::to_string(kCheckpointFormat) +
                                "; delete it to start the run afresh");
  }
  const json expected = IdentityToJson(identity);
  if (meta.at("identity") != expected) {
    throw std::invalid_argument("checkpoint " + path +
                                " belongs to a different run (differing settings: " +
                                DescribeDifference(meta.at("identity"), expected) +
                                "); use another checkpoint_dir or delete the checkpoint");
  }

  torch::serialize::InputArchive model_archive;
  archive.read("model", model_archive);
  model->load(model_archive);

  torch::serialize::InputArchive optimizer_archive;
  archive.read("optimizer", optimizer_archive);
  optimizer.load(optimizer_archive);

  torch::Tensor cpu_state;
  archive.read("rng/cpu", cpu_state);
  SetGeneratorState(torch::kCPU, cpu_state);
  for (const torch::Device& cuda : CudaDevices()) {
    torch::Tensor state;
    if (archive.try_read("rng/" + cuda.str(), state)) SetGeneratorState(cuda, state);
  }

  *progress = ProgressFromJson(meta.at("progress"));
  spdlog::info("checkpoint loaded: {} (step {})", path, progress->step);
  return true;
}

}  // namespace reslab::train
