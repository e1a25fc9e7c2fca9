#include "worker/train/device.h"

#include <torch/cuda.h>

#include <regex>
#include <stdexcept>

namespace reslab::train {

torch::Device ResolveDevice(const std::string& name) {
  if (name == "auto") {
    return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  }
  if (name == "cpu") return torch::Device(torch::kCPU);

  static const std::regex kCudaPattern("cuda(:([0-9]+))?");
  std::smatch match;
  if (!std::regex_match(name, match, kCudaPattern)) {
    throw std::invalid_argument("device \"" + name + "\" is invalid: use auto, cpu, cuda or cuda:N");
  }
  const int64_t index = match[2].matched ? std::stoll(match[2].str()) : 0;
  const int64_t available = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
  if (index >= available) {
    throw std::invalid_argument("device \"" + name + "\" is not available: this LibTorch sees " +
                                std::to_string(available) + " CUDA device(s)");
  }
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
}

}  // namespace reslab::train
