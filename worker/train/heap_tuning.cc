#include "worker/train/heap_tuning.h"

#include <malloc.h>
#include <spdlog/spdlog.h>

namespace reslab::train {

void TuneHeapForTraining() {
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit systems.
  constexpr int kMmapThresholdBytes = 32 << 20;
  constexpr int kTrimThresholdBytes = 256 << 20;
  const bool mmap_set = ::mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1;
  const bool trim_set = ::mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes) == 1;
  if (!mmap_set || !trim_set) {
    spdlog::warn("heap: mallopt rejected the mmap or trim threshold; using glibc defaults");
  }
}

}  // namespace reslab::train
