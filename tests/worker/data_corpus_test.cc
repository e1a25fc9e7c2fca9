#include "worker/data/corpus.h"

#include <gtest/gtest.h>

#include "tests/worker/trainer_test_util.h"
#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

using train::testing::TempFolder;
using train::testing::WriteText;

// Runs `load` and returns the InvalidData message, or "" when nothing was thrown.
template <typename Function>
std::string ErrorOf(Function load) {
  try {
    load();
  } catch (const InvalidData& error) {
    return error.what();
  }
  return "";
}

TEST(LoadCorpus, ReadsFolderTextFilesInNameOrder) {
  TempFolder folder("corpus-order");
  WriteText(folder.File("b.txt"), "second");
  WriteText(folder.File("a.txt"), "first");
  WriteText(folder.File("notes.md"), "not a text file");
  const std::vector<CorpusDocument> documents = LoadCorpus(folder.path());
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].text, "first");
  EXPECT_EQ(documents[1].text, "second");
  EXPECT_EQ(documents[1].path, folder.File("b.txt"));
}

TEST(LoadCorpus, ReadsSingleFile) {
  TempFolder folder("corpus-file");
  WriteText(folder.File("speech.text"), "Fellow citizens");
  const std::vector<CorpusDocument> documents = LoadCorpus(folder.File("speech.text"));
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].text, "Fellow citizens");
}

TEST(LoadCorpus, ReadsBundledCorpus) {
  const std::vector<CorpusDocument> documents = LoadCorpus(train::testing::SotuFolder());
  ASSERT_GT(documents.size(), 200u);
  EXPECT_NE(documents.front().path.find("1790"), std::string::npos);
}

TEST(LoadCorpus, RejectsEmptyPath) {
  EXPECT_NE(ErrorOf([] { LoadCorpus(""); }).find("data.corpus is empty"), std::string::npos);
}

TEST(LoadCorpus, RejectsMissingPath) {
  const std::string message = ErrorOf([] { LoadCorpus("/nonexistent/reslab-corpus"); });
  EXPECT_NE(message.find("corpus not found: /nonexistent/reslab-corpus"), std::string::npos)
      << message;
}

TEST(LoadCorpus, RejectsFolderWithoutTextFiles) {
  TempFolder folder("corpus-no-txt");
  WriteText(folder.File("readme.md"), "hello");
  const std::string message = ErrorOf([&] { LoadCorpus(folder.path()); });
  EXPECT_NE(message.find(folder.path()), std::string::npos) << message;
  EXPECT_NE(message.find("contains no *.txt files"), std::string::npos) << message;
}

TEST(LoadCorpus, RejectsEmptyFiles) {
  TempFolder folder("corpus-empty");
  WriteText(folder.File("a.txt"), "");
  WriteText(folder.File("b.txt"), "");
  const std::string message = ErrorOf([&] { LoadCorpus(folder.path()); });
  EXPECT_NE(message.find(folder.path()), std::string::npos) << message;
  EXPECT_NE(message.find("is empty (0 bytes in 2 file(s))"), std::string::npos) << message;
}

TEST(CheckUtf8, AcceptsMultiByteText) {
  EXPECT_NO_THROW(CheckUtf8({"ok.txt", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"}));
}

TEST(CheckUtf8, NamesFileAndOffsetOfInvalidByte) {
  const std::string message = ErrorOf([] { CheckUtf8({"bad.txt", "abc\xFF" "def"}); });
  EXPECT_NE(message.find("bad.txt"), std::string::npos) << message;
  EXPECT_NE(message.find("0xFF at offset 3"), std::string::npos) << message;
}

TEST(CheckUtf8, RejectsTruncatedAndOverlongSequences) {
  EXPECT_THROW(CheckUtf8({"cut.txt", "ab\xC3"}), InvalidData);
  EXPECT_THROW(CheckUtf8({"overlong.txt", "\xC0\xAF"}), InvalidData);
  EXPECT_THROW(CheckUtf8({"surrogate.txt", "\xED\xA0\x80"}), InvalidData);
}

TEST(CorpusHash, DependsOnContentOnly) {
  const std::string hash = CorpusHash({{"a.txt", "one"}, {"b.txt", "two"}});
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(hash, CorpusHash({{"x.txt", "one"}, {"y.txt", "two"}}));
  EXPECT_NE(hash, CorpusHash({{"a.txt", "one"}, {"b.txt", "twO"}}));
  // Moving a byte across a file boundary changes the hash.
  EXPECT_NE(hash, CorpusHash({{"a.txt", "onet"}, {"b.txt", "wo"}}));
}

}  // namespace
}  // namespace reslab::data
