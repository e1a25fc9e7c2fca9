// Where a run's tokens come from: the tokenizer, its input and the vocabulary size.
#ifndef RESLAB_WORKER_DATA_DATA_OPTIONS_H_
#define RESLAB_WORKER_DATA_DATA_OPTIONS_H_

#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace reslab::data {

// Invalid data settings or data files. The message names the file or field and the value.
class InvalidData : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct DataOptions {
  // "sentencepiece", "byte" or "tokens".
  std::string tokenizer = "sentencepiece";
  // UTF-8 text file or folder of *.txt files, read in name order (sentencepiece, byte).
  std::string corpus;
  // Flat little-endian uint16 token file (tokens).
  std::string token_file;
  // Vocabulary size: 256-65536 for sentencepiece, 1-65536 for tokens (every id must be below
  // it). 0 means "take the model's vocab_size". The byte tokenizer always uses 256 and accepts
  // only 0 or 256 here.
  int64_t vocab_size = 0;
  // Folder for cached tokenizer models and token streams; empty means DefaultCacheDir().
  std::string cache_dir;
};

// JSON objects with the field names above. Missing fields keep their defaults; unknown fields
// and wrong types throw std::invalid_argument naming the field.
void to_json(nlohmann::json& json, const DataOptions& options);
void from_json(const nlohmann::json& json, DataOptions& options);

// Vocabulary limits of the SentencePiece tokenizer: ids are stored as uint16.
inline constexpr int64_t kMinSentencePieceVocab = 256;
inline constexpr int64_t kMaxSentencePieceVocab = 65536;

// The tokenizer names accepted in DataOptions::tokenizer.
inline constexpr const char* kSentencePieceTokenizer = "sentencepiece";
inline constexpr const char* kByteTokenizer = "byte";
inline constexpr const char* kTokenFileTokenizer = "tokens";

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_DATA_OPTIONS_H_
