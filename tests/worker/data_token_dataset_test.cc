#include "worker/data/token_dataset.h"

#include <gtest/gtest.h>

#include <set>

#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

// Tokens 0, 1, 2, ... (mod 65536), so a window's content reveals its start.
TokenStream Counting(int64_t count) {
  TokenStream stream;
  stream.vocab_size = 65536;
  stream.source = "counting";
  for (int64_t i = 0; i < count; ++i) stream.tokens.push_back(static_cast<uint16_t>(i));
  return stream;
}

TEST(TokenDataset, SplitsNinetySevenToThree) {
  const TokenDataset dataset(Counting(10000), 16);
  EXPECT_EQ(dataset.train_tokens(), 9700);
  EXPECT_EQ(dataset.validation_tokens(), 300);
  EXPECT_EQ(dataset.train_window_count(), 9700 - 16);
}

TEST(TokenDataset, TrainWindowsHoldConsecutiveTokens) {
  const TokenDataset dataset(Counting(10000), 4);
  const torch::Tensor windows = dataset.TrainWindows({0, 9695});
  ASSERT_EQ(windows.sizes(), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(windows[0][0].item<int64_t>(), 0);
  EXPECT_EQ(windows[0][4].item<int64_t>(), 4);
  // The last training window ends at the last training token.
  EXPECT_EQ(windows[1][4].item<int64_t>(), 9699);
  EXPECT_THROW(dataset.TrainWindows({9696}), c10::Error);
}

TEST(TokenDataset, ValidationWindowsSpanSplitAndRepeat) {
  const TokenDataset dataset(Counting(10000), 4);
  const std::vector<int64_t> starts = dataset.ValidationStarts(5);
  EXPECT_EQ(starts, (std::vector<int64_t>{0, 73, 147, 221, 295}));
  const torch::Tensor windows = dataset.ValidationWindows(5);
  EXPECT_EQ(windows[0][0].item<int64_t>(), 9700);
  EXPECT_EQ(windows[4][4].item<int64_t>(), 9999);
  const TokenDataset again(Counting(10000), 4);
  EXPECT_TRUE(torch::equal(again.ValidationWindows(5), windows));
}

TEST(TokenDataset, RejectsCorpusShorterThanWindow) {
  try {
    TokenDataset dataset(Counting(1000), 64);
    FAIL() << "no error for 30 validation tokens and block_size 64";
  } catch (const InvalidData& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("corpus counting is too short: 1000 tokens"), std::string::npos)
        << message;
    EXPECT_NE(message.find("validation split of 30 tokens"), std::string::npos) << message;
    EXPECT_NE(message.find("block_size + 1 = 65"), std::string::npos) << message;
  }
}

TEST(WindowSampler, SameSeedSameStarts) {
  const WindowSampler a(42, 100000);
  const WindowSampler b(42, 100000);
  EXPECT_EQ(a.Starts(3, 64), b.Starts(3, 64));
  EXPECT_NE(a.Starts(3, 64), a.Starts(4, 64));
  EXPECT_NE(a.Starts(3, 64), WindowSampler(43, 100000).Starts(3, 64));
  // A step's first rows do not depend on the batch size.
  const std::vector<int64_t> large = a.Starts(3, 64);
  EXPECT_EQ(a.Starts(3, 8), std::vector<int64_t>(large.begin(), large.begin() + 8));
}

TEST(WindowSampler, CoversRangeUniformly) {
  const WindowSampler sampler(1, 10);
  std::vector<int> counts(10, 0);
  for (int64_t step = 0; step < 1000; ++step) {
    for (const int64_t start : sampler.Starts(step, 10)) {
      ASSERT_GE(start, 0);
      ASSERT_LT(start, 10);
      ++counts[start];
    }
  }
  // 10000 draws, 1000 expected per value; 5 standard deviations is about 150.
  for (const int count : counts) {
    EXPECT_GT(count, 850);
    EXPECT_LT(count, 1150);
  }
}

}  // namespace
}  // namespace reslab::data
