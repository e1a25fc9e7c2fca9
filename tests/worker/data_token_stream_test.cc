#include "worker/data/token_stream.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/worker/trainer_test_util.h"
#include "worker/data/corpus.h"
#include "worker/data/token_file.h"

namespace reslab::data {
namespace {

using train::testing::SotuFolder;
using train::testing::TempFolder;
using train::testing::WriteText;

// Copies the first `count` bundled speeches (one speech per line, each longer than the
// 4192-byte line limit of SentencePiece training) into `folder`.
void CopySpeeches(const TempFolder& folder, size_t count) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SotuFolder())) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), count);
  for (size_t i = 0; i < count; ++i) {
    std::filesystem::copy_file(files[i], folder.File(files[i].filename().string()));
  }
}

std::string LoadError(const DataOptions& options, int64_t model_vocab_size) {
  try {
    LoadTokenStream(options, model_vocab_size);
  } catch (const InvalidData& error) {
    return error.what();
  }
  return "";
}

TEST(LoadTokenStream, ByteTokensAreCorpusBytes) {
  TempFolder folder("stream-byte");
  WriteText(folder.File("a.txt"), "Hi\n");
  WriteText(folder.File("b.txt"), "\xC3\xA9");
  DataOptions options;
  options.tokenizer = "byte";
  options.corpus = folder.path();
  const TokenStream stream = LoadTokenStream(options, 50257);
  EXPECT_EQ(stream.vocab_size, 256);
  EXPECT_EQ(stream.tokens, (std::vector<uint16_t>{'H', 'i', '\n', 0xC3, 0xA9}));
}

TEST(LoadTokenStream, TokenFileUsesModelVocabularyWhenUnset) {
  TempFolder folder("stream-tokens");
  WriteTokenFile(folder.File("t.bin"), {1, 2, 3});
  DataOptions options;
  options.tokenizer = "tokens";
  options.token_file = folder.File("t.bin");
  const TokenStream stream = LoadTokenStream(options, 4);
  EXPECT_EQ(stream.vocab_size, 4);
  EXPECT_EQ(stream.tokens, (std::vector<uint16_t>{1, 2, 3}));
  EXPECT_NE(LoadError(options, 3).find("id 3 at position 2"), std::string::npos);
}

TEST(LoadTokenStream, SentencePieceTrainsOnLongLinesAndCaches) {
  TempFolder corpus("stream-sp-corpus");
  TempFolder cache("stream-sp-cache");
  CopySpeeches(corpus, 3);
  DataOptions options;
  options.tokenizer = "sentencepiece";
  options.corpus = corpus.path();
  options.vocab_size = 400;
  options.cache_dir = cache.path();

  const TokenStream first = LoadTokenStream(options, 0);
  EXPECT_EQ(first.vocab_size, 400);
  size_t corpus_bytes = 0;
  for (const CorpusDocument& document : LoadCorpus(corpus.path())) {
    corpus_bytes += document.text.size();
  }
  // BPE pieces merge several characters, so there are far fewer tokens than bytes.
  EXPECT_LT(first.tokens.size(), corpus_bytes / 2);
  uint16_t max_id = 0;
  for (const uint16_t token : first.tokens) max_id = std::max(max_id, token);
  EXPECT_LT(max_id, 400);
  EXPECT_GT(max_id, 300) << "the vocabulary is barely used";

  const std::string stem =
      cache.File("sentencepiece-" + CorpusHash(LoadCorpus(corpus.path())) + "-400");
  ASSERT_TRUE(std::filesystem::exists(stem + ".model"));
  ASSERT_TRUE(std::filesystem::exists(stem + ".tokens"));

  // A second load reads the cache: overwrite the cached tokens and see them come back.
  WriteTokenFile(stem + ".tokens", {3, 2, 1});
  EXPECT_EQ(LoadTokenStream(options, 0).tokens, (std::vector<uint16_t>{3, 2, 1}));

  // Other content means another cache entry.
  WriteText(corpus.File("zz-extra.txt"), "An extra line of text.");
  EXPECT_GT(LoadTokenStream(options, 0).tokens.size(), first.tokens.size());
}

TEST(LoadTokenStream, RejectsBadSettings) {
  DataOptions options;
  options.corpus = SotuFolder();
  options.tokenizer = "words";
  EXPECT_NE(LoadError(options, 1000).find("unknown data.tokenizer \"words\""), std::string::npos);
  options.tokenizer = "byte";
  options.vocab_size = 300;
  EXPECT_NE(LoadError(options, 1000).find("data.vocab_size 300 does not fit the byte tokenizer"),
            std::string::npos);
  options.tokenizer = "sentencepiece";
  options.vocab_size = 100;
  EXPECT_NE(LoadError(options, 1000).find("data.vocab_size 100 is out of range"),
            std::string::npos);
}

TEST(LoadTokenStream, RejectsInvalidUtf8ForSentencePiece) {
  TempFolder corpus("stream-sp-utf8");
  WriteText(corpus.File("bad.txt"), "fine text \xFE more");
  DataOptions options;
  options.tokenizer = "sentencepiece";
  options.corpus = corpus.path();
  options.vocab_size = 300;
  options.cache_dir = corpus.File("cache");
  const std::string message = LoadError(options, 0);
  EXPECT_NE(message.find(corpus.File("bad.txt")), std::string::npos) << message;
  EXPECT_NE(message.find("offset 10"), std::string::npos) << message;
}

TEST(DefaultCacheDir, FollowsXdgCacheHome) {
  const char* saved = std::getenv("XDG_CACHE_HOME");
  const std::string saved_value = saved != nullptr ? saved : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/reslab-xdg", 1);
  EXPECT_EQ(DefaultCacheDir(), "/tmp/reslab-xdg/reslab");
  if (saved != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved_value.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace reslab::data
