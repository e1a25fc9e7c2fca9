// Choosing the device a run trains on.
#ifndef RESLAB_WORKER_TRAIN_DEVICE_H_
#define RESLAB_WORKER_TRAIN_DEVICE_H_

#include <torch/types.h>

#include <string>

namespace reslab::train {

// Maps "auto" (CUDA device 0 when LibTorch was built with CUDA and a GPU is visible, else the
// CPU), "cpu", "cuda" or "cuda:N" to a device. Throws std::invalid_argument naming the value
// when it is malformed or asks for a GPU that is not available.
torch::Device ResolveDevice(const std::string& name);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_DEVICE_H_
