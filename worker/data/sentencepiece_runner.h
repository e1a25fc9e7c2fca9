// Running the reslab-sentencepiece helper, which trains and applies SentencePiece in its own
// process (see worker/data/sentencepiece/sentencepiece_tokenizer.h for why).
#ifndef RESLAB_WORKER_DATA_SENTENCEPIECE_RUNNER_H_
#define RESLAB_WORKER_DATA_SENTENCEPIECE_RUNNER_H_

#include <cstdint>
#include <string>

namespace reslab::data {

// Path of the helper: $RESLAB_SENTENCEPIECE when set, else reslab-sentencepiece next to the
// running executable, else the one in the build tree. Throws std::runtime_error when none
// exists.
std::string SentencePieceHelperPath();

// Trains a BPE model of `vocab_size` pieces on `corpus` and writes it to `model_path` and the
// encoded corpus (uint16 token file) to `tokens_path`, both atomically. Throws InvalidData with
// the helper's message when it rejects the input, std::runtime_error for other failures.
void RunSentencePieceHelper(const std::string& corpus, int64_t vocab_size,
                            const std::string& model_path, const std::string& tokens_path);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_SENTENCEPIECE_RUNNER_H_
