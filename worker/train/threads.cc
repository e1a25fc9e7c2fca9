#include "worker/train/threads.h"

#include <dlfcn.h>
#include <spdlog/spdlog.h>
#include <torch/utils.h>

#include <algorithm>
#include <thread>

namespace reslab::train {

void ConfigureThreads(const ThreadSettings& settings) {
  const int hardware = std::max(1u, std::thread::hardware_concurrency());
  const int torch_threads = settings.torch_threads > 0 ? settings.torch_threads : 1;
  const int blas_threads = settings.blas_threads > 0 ? settings.blas_threads : hardware;
  torch::set_num_threads(torch_threads);

  // LibTorch links the generic libblas.so.3, so OpenBLAS is looked up at run time rather than
  // linked by name.
  using SetThreads = void (*)(int);
  auto* set_blas_threads =
      reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set_blas_threads != nullptr) {
    set_blas_threads(blas_threads);
    spdlog::info("threads: torch {}, OpenBLAS {}", torch_threads, blas_threads);
  } else {
    spdlog::warn("threads: torch {}; OpenBLAS not found, BLAS threads left unchanged",
                 torch_threads);
  }
}

}  // namespace reslab::train
