// Turning DataOptions into one token stream: tokenizing a corpus (with a disk cache for
// SentencePiece) or reading a token file.
#ifndef RESLAB_WORKER_DATA_TOKEN_STREAM_H_
#define RESLAB_WORKER_DATA_TOKEN_STREAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "worker/data/data_options.h"

namespace reslab::data {

struct TokenStream {
  std::vector<uint16_t> tokens;
  int64_t vocab_size = 0;
  // The corpus or token file the tokens come from, for error messages.
  std::string source;
};

// The cache folder used when DataOptions::cache_dir is empty: $XDG_CACHE_HOME/reslab, else
// $HOME/.cache/reslab, else reslab-cache in the system temporary folder.
std::string DefaultCacheDir();

// The vocabulary size `options` produce: 256 for byte, else options.vocab_size, or
// `model_vocab_size` when that is 0. Throws InvalidData for an unknown tokenizer or a
// vocabulary size the tokenizer does not accept.
int64_t ResolveVocabSize(const DataOptions& options, int64_t model_vocab_size);

// Loads the tokens `options` describe (see ResolveVocabSize for the vocabulary). A SentencePiece
// model and its token stream are trained once per corpus content and vocabulary size and
// cached as <cache>/sentencepiece-<corpus hash>-<vocab>.{model,tokens}. Throws InvalidData
// naming the file or field and the value for bad input.
TokenStream LoadTokenStream(const DataOptions& options, int64_t model_vocab_size);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_TOKEN_STREAM_H_
