// SentencePiece BPE: training a model on a corpus and encoding the corpus with it.
//
// Only the reslab-sentencepiece helper links this code. Debian's libsentencepiece bundles its
// own protobuf 3.14 runtime and exports its symbols, which clash with the protobuf 3.21 that
// gRPC and LibTorch load, so SentencePiece cannot run inside reslab-worker itself.
#ifndef RESLAB_WORKER_DATA_SENTENCEPIECE_SENTENCEPIECE_TOKENIZER_H_
#define RESLAB_WORKER_DATA_SENTENCEPIECE_SENTENCEPIECE_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "worker/data/corpus.h"
#include "worker/data/data_options.h"

namespace reslab::data {

// Trains a BPE model with exactly `vocab_size` pieces (id 0 is <unk>, id 1 is </s>, no <s> or
// padding) and returns the serialized model. Training is single-threaded and seeded, so the
// same corpus and vocabulary give the same model. Throws InvalidData when the corpus cannot
// supply that many pieces.
std::string TrainSentencePiece(const std::vector<CorpusDocument>& documents, int64_t vocab_size);

// Encodes every document with the serialized model, appending </s> after each one.
std::vector<uint16_t> EncodeWithSentencePiece(const std::string& model_proto,
                                              const std::vector<CorpusDocument>& documents);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_SENTENCEPIECE_SENTENCEPIECE_TOKENIZER_H_
