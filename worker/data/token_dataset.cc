#include "worker/data/token_dataset.h"

#include <string>

#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

// SplitMix64's output function: a bijective mix with full avalanche.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Maps a uniform 64-bit value onto [0, bound) by multiply-shift; the bias is below
// bound / 2^64.
int64_t Below(uint64_t random, int64_t bound) {
  return static_cast<int64_t>((static_cast<unsigned __int128>(random) *
                               static_cast<uint64_t>(bound)) >> 64);
}

}  // namespace

TokenDataset::TokenDataset(TokenStream stream, int64_t block_size)
    : stream_(std::move(stream)), block_size_(block_size) {
  const auto total = static_cast<int64_t>(stream_.tokens.size());
  const int64_t validation = total * kValidationPercent / 100;
  train_tokens_ = total - validation;
  const int64_t window = block_size_ + 1;
  if (block_size_ < 1 || validation < window || train_tokens_ < window) {
    throw InvalidData("corpus " + stream_.source + " is too short: " + std::to_string(total) +
                      " tokens give a " + std::to_string(kValidationPercent) +
                      "% validation split of " + std::to_string(validation) +
                      " tokens, and each split needs at least one window of block_size + 1 = " +
                      std::to_string(window) + " tokens; use a longer corpus or a smaller "
                      "block_size");
  }
}

int64_t TokenDataset::validation_tokens() const {
  return static_cast<int64_t>(stream_.tokens.size()) - train_tokens_;
}

torch::Tensor TokenDataset::Gather(int64_t offset, const std::vector<int64_t>& starts) const {
  const int64_t window = block_size_ + 1;
  torch::Tensor windows =
      torch::empty({static_cast<int64_t>(starts.size()), window}, torch::kInt64);
  int64_t* out = windows.data_ptr<int64_t>();
  const uint16_t* tokens = stream_.tokens.data() + offset;
  for (size_t row = 0; row < starts.size(); ++row) {
    const uint16_t* source = tokens + starts[row];
    for (int64_t t = 0; t < window; ++t) *out++ = source[t];
  }
  return windows;
}

torch::Tensor TokenDataset::TrainWindows(const std::vector<int64_t>& starts) const {
  for (const int64_t start : starts) {
    TORCH_CHECK(start >= 0 && start < train_window_count(), "training window start ", start,
                " is outside [0, ", train_window_count(), ")");
  }
  return Gather(0, starts);
}

std::vector<int64_t> TokenDataset::ValidationStarts(int64_t count) const {
  const int64_t last_start = validation_tokens() - (block_size_ + 1);
  std::vector<int64_t> starts;
  starts.reserve(static_cast<size_t>(std::max<int64_t>(count, 0)));
  for (int64_t i = 0; i < count; ++i) {
    starts.push_back(count == 1 ? 0 : i * last_start / (count - 1));
  }
  return starts;
}

torch::Tensor TokenDataset::ValidationWindows(int64_t count) const {
  return Gather(train_tokens_, ValidationStarts(count));
}

WindowSampler::WindowSampler(uint64_t seed, int64_t window_count)
    : seed_(seed), window_count_(window_count) {
  TORCH_CHECK(window_count_ > 0, "WindowSampler needs at least one window");
}

std::vector<int64_t> WindowSampler::Starts(int64_t step, int64_t batch_size) const {
  const uint64_t step_key = Mix(Mix(seed_) ^ static_cast<uint64_t>(step));
  std::vector<int64_t> starts;
  starts.reserve(static_cast<size_t>(batch_size));
  for (int64_t row = 0; row < batch_size; ++row) {
    starts.push_back(Below(Mix(step_key ^ Mix(static_cast<uint64_t>(row))), window_count_));
  }
  return starts;
}

}  // namespace reslab::data
