// Thread pools of a training process: ATen's intra-op (OpenMP) pool and OpenBLAS's own pthread
// pool, which runs every float32 matmul on the CPU and ignores torch::set_num_threads.
#ifndef RESLAB_WORKER_TRAIN_THREADS_H_
#define RESLAB_WORKER_TRAIN_THREADS_H_

namespace reslab::train {

struct ThreadSettings {
  // ATen intra-op threads; 0 means 1. One thread avoids OpenMP and OpenBLAS workers
  // spin-waiting against each other.
  int torch_threads = 0;
  // OpenBLAS threads; 0 means one per hardware thread.
  int blas_threads = 0;
};

// Applies `settings` and logs the result. Call it once, before training starts. When the
// process's BLAS is not OpenBLAS (no openblas_set_num_threads symbol), only the ATen pool is
// set and a warning is logged.
void ConfigureThreads(const ThreadSettings& settings);

}  // namespace reslab::train

#endif  // RESLAB_WORKER_TRAIN_THREADS_H_
