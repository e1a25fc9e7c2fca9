#include "worker/train/trainer.h"

#include <gtest/gtest.h>

#include "tests/worker/trainer_test_util.h"
#include "worker/data/token_file.h"

namespace reslab::train {
namespace {

using testing::TempFolder;
using testing::TinyByteSpec;
using testing::WriteText;

// The std::invalid_argument message of Train(spec), or "" when it did not throw one.
std::string TrainError(const TrainSpec& spec) {
  try {
    Train(spec);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

void ExpectMentions(const std::string& message, const std::vector<std::string>& parts) {
  EXPECT_FALSE(message.empty());
  for (const std::string& part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "\"" << part << "\" not in: " << message;
  }
}

TEST(TrainBadInput, MissingCorpus) {
  TrainSpec spec = TinyByteSpec(1);
  spec.data.corpus = "/nonexistent/speeches";
  ExpectMentions(TrainError(spec), {"corpus not found", "/nonexistent/speeches"});
}

TEST(TrainBadInput, EmptyCorpus) {
  TempFolder folder("bad-empty");
  WriteText(folder.File("a.txt"), "");
  TrainSpec spec = TinyByteSpec(1);
  spec.data.corpus = folder.path();
  ExpectMentions(TrainError(spec), {folder.path(), "is empty"});
}

TEST(TrainBadInput, TokenFileOfOddSize) {
  TempFolder folder("bad-odd");
  WriteText(folder.File("train.bin"), std::string(1001, 'x'));
  TrainSpec spec = TinyByteSpec(1);
  spec.data.tokenizer = "tokens";
  spec.data.token_file = folder.File("train.bin");
  spec.data.vocab_size = 1000;
  ExpectMentions(TrainError(spec), {folder.File("train.bin"), "odd size of 1001 bytes"});
}

TEST(TrainBadInput, TokenIdAboveVocabulary) {
  TempFolder folder("bad-id");
  std::vector<uint16_t> tokens(5000, 3);
  tokens[4321] = 700;
  data::WriteTokenFile(folder.File("train.bin"), tokens);
  TrainSpec spec = TinyByteSpec(1);
  spec.data.tokenizer = "tokens";
  spec.data.token_file = folder.File("train.bin");
  spec.data.vocab_size = 512;
  ExpectMentions(TrainError(spec),
                 {folder.File("train.bin"), "id 700 at position 4321", "data.vocab_size 512"});
}

TEST(TrainBadInput, CorpusShorterThanWindow) {
  TempFolder folder("bad-short");
  WriteText(folder.File("a.txt"), std::string(300, 'a'));
  TrainSpec spec = TinyByteSpec(1);
  spec.data.corpus = folder.File("a.txt");
  ExpectMentions(TrainError(spec),
                 {folder.File("a.txt"), "300 tokens", "block_size + 1 = 17", "too short"});
}

TEST(TrainBadInput, InvalidSpecField) {
  TrainSpec spec = TinyByteSpec(1);
  spec.batch_size = 8;
  spec.micro_batch_size = 3;
  ExpectMentions(TrainError(spec), {"micro_batch_size 3"});
  spec = TinyByteSpec(1);
  spec.device = "tpu";
  ExpectMentions(TrainError(spec), {"device \"tpu\""});
}

}  // namespace
}  // namespace reslab::train
