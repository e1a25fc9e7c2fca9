#include "worker/data/token_stream.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "worker/data/corpus.h"
#include "worker/data/sentencepiece_runner.h"
#include "worker/data/token_file.h"

namespace reslab::data {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kByteVocab = 256;

std::vector<uint16_t> EncodeBytes(const std::vector<CorpusDocument>& documents) {
  std::vector<uint16_t> tokens;
  for (const CorpusDocument& document : documents) {
    for (const char c : document.text) tokens.push_back(static_cast<unsigned char>(c));
  }
  return tokens;
}

TokenStream LoadSentencePieceStream(const DataOptions& options, int64_t vocab_size) {
  const std::vector<CorpusDocument> documents = LoadCorpus(options.corpus);
  for (const CorpusDocument& document : documents) CheckUtf8(document);

  const std::string cache_dir = options.cache_dir.empty() ? DefaultCacheDir() : options.cache_dir;
  const std::string stem = (fs::path(cache_dir) / ("sentencepiece-" + CorpusHash(documents) +
                                                   "-" + std::to_string(vocab_size)))
                               .string();
  const std::string model_path = stem + ".model";
  const std::string tokens_path = stem + ".tokens";

  std::error_code error;
  if (fs::exists(model_path, error) && fs::exists(tokens_path, error)) {
    try {
      TokenStream stream{ReadTokenFile(tokens_path, vocab_size), vocab_size, options.corpus};
      spdlog::info("tokenizer cache hit: {} ({} tokens)", tokens_path, stream.tokens.size());
      return stream;
    } catch (const InvalidData& e) {
      spdlog::warn("ignoring unreadable tokenizer cache {}: {}", tokens_path, e.what());
    }
  }

  spdlog::info("training sentencepiece BPE with vocabulary {} on {} ({} files)", vocab_size,
               options.corpus, documents.size());
  const auto start = std::chrono::steady_clock::now();
  RunSentencePieceHelper(options.corpus, vocab_size, model_path, tokens_path);
  TokenStream stream{ReadTokenFile(tokens_path, vocab_size), vocab_size, options.corpus};
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("sentencepiece done in {:.1f} s: {} tokens, cached as {}", seconds,
               stream.tokens.size(), tokens_path);
  return stream;
}

}  // namespace

std::string DefaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg != '\0') return (fs::path(xdg) / "reslab").string();
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return (fs::path(home) / ".cache" / "reslab").string();
  return (fs::temp_directory_path() / "reslab-cache").string();
}

int64_t ResolveVocabSize(const DataOptions& options, int64_t model_vocab_size) {
  const int64_t requested = options.vocab_size != 0 ? options.vocab_size : model_vocab_size;
  if (options.tokenizer == kByteTokenizer) {
    if (options.vocab_size != 0 && options.vocab_size != kByteVocab) {
      throw InvalidData("data.vocab_size " + std::to_string(options.vocab_size) +
                        " does not fit the byte tokenizer, whose vocabulary is always 256");
    }
    return kByteVocab;
  }
  if (options.tokenizer == kSentencePieceTokenizer) {
    if (requested < kMinSentencePieceVocab || requested > kMaxSentencePieceVocab) {
      throw InvalidData("data.vocab_size " + std::to_string(requested) +
                        " is out of range for the sentencepiece tokenizer (256-65536)");
    }
    return requested;
  }
  if (options.tokenizer == kTokenFileTokenizer) {
    if (requested < 1 || requested > 65536) {
      throw InvalidData("data.vocab_size " + std::to_string(requested) +
                        " is out of range for uint16 token files (1-65536)");
    }
    return requested;
  }
  throw InvalidData("unknown data.tokenizer \"" + options.tokenizer +
                    "\": use sentencepiece, byte or tokens");
}

TokenStream LoadTokenStream(const DataOptions& options, int64_t model_vocab_size) {
  const int64_t vocab_size = ResolveVocabSize(options, model_vocab_size);
  if (options.tokenizer == kByteTokenizer) {
    return TokenStream{EncodeBytes(LoadCorpus(options.corpus)), vocab_size, options.corpus};
  }
  if (options.tokenizer == kTokenFileTokenizer) {
    return TokenStream{ReadTokenFile(options.token_file, vocab_size), vocab_size,
                       options.token_file};
  }
  return LoadSentencePieceStream(options, vocab_size);
}

}  // namespace reslab::data
