// The 97% / 3% train and validation split of a token stream, and the windows cut from it.
#ifndef RESLAB_WORKER_DATA_TOKEN_DATASET_H_
#define RESLAB_WORKER_DATA_TOKEN_DATASET_H_

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "worker/data/token_stream.h"

namespace reslab::data {

// Percentage of the token stream, taken from its end, that forms the validation split.
inline constexpr int64_t kValidationPercent = 3;

class TokenDataset {
 public:
  // Splits `stream`: the first 97% of the tokens train, the last 3% validate. A window is
  // block_size + 1 tokens (inputs and shifted targets). Throws InvalidData naming the source
  // and the token counts when either split is shorter than one window.
  TokenDataset(TokenStream stream, int64_t block_size);

  int64_t vocab_size() const { return stream_.vocab_size; }
  int64_t block_size() const { return block_size_; }
  int64_t train_tokens() const { return train_tokens_; }
  int64_t validation_tokens() const;
  // Number of distinct training window starts: 0 .. train_window_count() - 1.
  int64_t train_window_count() const { return train_tokens_ - block_size_; }

  // Training windows starting at `starts`, as int64 [starts.size(), block_size + 1] on the CPU.
  torch::Tensor TrainWindows(const std::vector<int64_t>& starts) const;

  // Start offsets (within the validation split) of `count` windows spread evenly from its
  // beginning to its end. They depend only on the token stream, block_size and count, so every
  // run with the same data settings evaluates on the same windows.
  std::vector<int64_t> ValidationStarts(int64_t count) const;
  // The windows of ValidationStarts(count), as int64 [count, block_size + 1] on the CPU.
  torch::Tensor ValidationWindows(int64_t count) const;

 private:
  torch::Tensor Gather(int64_t offset, const std::vector<int64_t>& starts) const;

  TokenStream stream_;
  int64_t block_size_;
  int64_t train_tokens_;
};

// Draws the training windows of each optimizer step from a counter-based generator keyed by
// (seed, step, row), so a step's batch depends on nothing but the seed and the step: the same
// seed gives the same batches to every variant, and a resumed run needs no generator state.
class WindowSampler {
 public:
  WindowSampler(uint64_t seed, int64_t window_count);

  // Start offsets of the `batch_size` training windows of optimizer step `step`.
  std::vector<int64_t> Starts(int64_t step, int64_t batch_size) const;

  uint64_t seed() const { return seed_; }
  int64_t window_count() const { return window_count_; }

 private:
  uint64_t seed_;
  int64_t window_count_;
};

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_TOKEN_DATASET_H_
