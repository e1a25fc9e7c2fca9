#include "worker/data/token_file.h"

#include <gtest/gtest.h>

#include "tests/worker/trainer_test_util.h"
#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

using train::testing::TempFolder;
using train::testing::WriteText;

std::string ReadError(const std::string& path, int64_t vocab_size) {
  try {
    ReadTokenFile(path, vocab_size);
  } catch (const InvalidData& error) {
    return error.what();
  }
  return "";
}

TEST(TokenFile, RoundTrips) {
  TempFolder folder("token-roundtrip");
  const std::vector<uint16_t> tokens = {0, 1, 255, 256, 50256, 65535};
  WriteTokenFile(folder.File("t.bin"), tokens);
  EXPECT_EQ(ReadTokenFile(folder.File("t.bin"), 65536), tokens);
}

TEST(TokenFile, ReadsLittleEndian) {
  TempFolder folder("token-endian");
  WriteText(folder.File("t.bin"), std::string("\x01\x02\xFF\x00", 4));
  EXPECT_EQ(ReadTokenFile(folder.File("t.bin"), 1000), (std::vector<uint16_t>{0x0201, 0x00FF}));
}

TEST(TokenFile, RejectsOddSize) {
  TempFolder folder("token-odd");
  WriteText(folder.File("odd.bin"), "abc");
  const std::string message = ReadError(folder.File("odd.bin"), 1000);
  EXPECT_NE(message.find(folder.File("odd.bin")), std::string::npos) << message;
  EXPECT_NE(message.find("odd size of 3 bytes"), std::string::npos) << message;
}

TEST(TokenFile, RejectsIdOutsideVocabulary) {
  TempFolder folder("token-vocab");
  WriteTokenFile(folder.File("t.bin"), {5, 99, 100, 7});
  const std::string message = ReadError(folder.File("t.bin"), 100);
  EXPECT_NE(message.find(folder.File("t.bin")), std::string::npos) << message;
  EXPECT_NE(message.find("id 100 at position 2"), std::string::npos) << message;
  EXPECT_NE(message.find("data.vocab_size 100"), std::string::npos) << message;
}

TEST(TokenFile, RejectsEmptyAndMissingFiles) {
  TempFolder folder("token-empty");
  WriteText(folder.File("empty.bin"), "");
  EXPECT_NE(ReadError(folder.File("empty.bin"), 100).find("is empty (0 bytes)"),
            std::string::npos);
  EXPECT_NE(ReadError(folder.File("missing.bin"), 100).find("token file not found"),
            std::string::npos);
  EXPECT_NE(ReadError("", 100).find("data.token_file is empty"), std::string::npos);
}

TEST(TokenFile, RejectsVocabularyOutOfRange) {
  TempFolder folder("token-range");
  WriteTokenFile(folder.File("t.bin"), {1, 2});
  EXPECT_NE(ReadError(folder.File("t.bin"), 70000).find("data.vocab_size 70000"),
            std::string::npos);
  EXPECT_NE(ReadError(folder.File("t.bin"), 0).find("data.vocab_size 0"), std::string::npos);
}

}  // namespace
}  // namespace reslab::data
