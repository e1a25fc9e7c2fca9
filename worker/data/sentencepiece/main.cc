// reslab-sentencepiece: trains a SentencePiece BPE model on a corpus and writes the model and
// the corpus's token stream. reslab-worker runs it as a child process (see
// sentencepiece_tokenizer.h for why). Exit codes: 0 done, 2 invalid input, 1 other failure.
#include <cstdlib>
#include <iostream>
#include <string>

#include "worker/data/atomic_file.h"
#include "worker/data/corpus.h"
#include "worker/data/data_options.h"
#include "worker/data/sentencepiece/sentencepiece_tokenizer.h"
#include "worker/data/token_file.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: reslab-sentencepiece CORPUS VOCAB_SIZE MODEL_OUT TOKENS_OUT\n";
    return 2;
  }
  const std::string corpus = argv[1];
  const std::string model_path = argv[3];
  const std::string tokens_path = argv[4];
  try {
    const int64_t vocab_size = std::stoll(argv[2]);
    const std::vector<reslab::data::CorpusDocument> documents = reslab::data::LoadCorpus(corpus);
    for (const auto& document : documents) reslab::data::CheckUtf8(document);
    const std::string model = reslab::data::TrainSentencePiece(documents, vocab_size);
    const std::vector<uint16_t> tokens = reslab::data::EncodeWithSentencePiece(model, documents);
    // The token file is renamed into place last, so its presence means both files are complete.
    reslab::data::WriteFileAtomically(model_path, model);
    reslab::data::WriteTokenFile(tokens_path, tokens);
  } catch (const std::invalid_argument& error) {
    std::cerr << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return 0;
}
