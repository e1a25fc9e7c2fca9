// Temporary folders, files and tiny training specs shared by the data and trainer tests.
#ifndef RESLAB_TESTS_WORKER_TRAINER_TEST_UTIL_H_
#define RESLAB_TESTS_WORKER_TRAINER_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "worker/train/train_spec.h"

namespace reslab::train::testing {

// The bundled State of the Union corpus.
inline std::string SotuFolder() { return std::string(RESLAB_SOURCE_DIR) + "/data/sotu"; }

// A fresh, empty folder under the system temporary folder, removed by the destructor.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("reslab-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  std::string path() const { return path_.string(); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A small model trained with the byte tokenizer on the bundled corpus: a few steps take well
// under a second on one core.
inline TrainSpec TinyByteSpec(int64_t steps) {
  TrainSpec spec;
  spec.model.d_model = 32;
  spec.model.n_layers = 1;
  spec.model.n_heads = 2;
  spec.model.block_size = 16;
  spec.data.tokenizer = "byte";
  spec.data.corpus = SotuFolder();
  spec.seed = 7;
  spec.steps = steps;
  spec.batch_size = 8;
  spec.lr = 3e-3;
  spec.warmup_steps = 5;
  spec.eval_windows = 8;
  spec.log_every = 1;
  spec.device = "cpu";
  return spec;
}

// Training losses of every logged step.
inline std::vector<double> CurveLosses(const TrainResult& result) {
  std::vector<double> losses;
  for (const auto& point : result.loss_curve) losses.push_back(point.second);
  return losses;
}

}  // namespace reslab::train::testing

#endif  // RESLAB_TESTS_WORKER_TRAINER_TEST_UTIL_H_
