#include "worker/data/sentencepiece/sentencepiece_tokenizer.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <string_view>
#include <unordered_map>

#include "worker/data/data_options.h"
#include "worker/data/training_lines.h"

namespace reslab::data {
namespace {

// Well below SentencePiece's default max_sentence_length of 4192 bytes.
constexpr size_t kTrainingLineBytes = 2048;

// Feeds the corpus to the trainer one packed line at a time, without a temporary file.
class CorpusLineIterator : public sentencepiece::SentenceIterator {
 public:
  explicit CorpusLineIterator(const std::vector<CorpusDocument>& documents) {
    for (const CorpusDocument& document : documents) {
      std::vector<std::string> lines = SplitIntoTrainingLines(document.text, kTrainingLineBytes);
      for (std::string& line : lines) lines_.push_back(std::move(line));
    }
  }

  bool done() const override { return index_ >= lines_.size(); }
  void Next() override { ++index_; }
  const std::string& value() const override { return lines_[index_]; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  std::vector<std::string> lines_;
  size_t index_ = 0;
};

}  // namespace

std::string TrainSentencePiece(const std::vector<CorpusDocument>& documents, int64_t vocab_size) {
  if (vocab_size < kMinSentencePieceVocab || vocab_size > kMaxSentencePieceVocab) {
    throw InvalidData("data.vocab_size " + std::to_string(vocab_size) +
                      " is out of range for the sentencepiece tokenizer (256-65536)");
  }
  sentencepiece::SetRandomGeneratorSeed(1);
  const std::unordered_map<std::string, std::string> options = {
      {"model_type", "bpe"},
      {"vocab_size", std::to_string(vocab_size)},
      {"unk_id", "0"},
      {"eos_id", "1"},
      {"bos_id", "-1"},
      {"pad_id", "-1"},
      {"character_coverage", "0.9995"},
      {"input_sentence_size", "2000000"},
      {"shuffle_input_sentence", "true"},
      {"num_threads", "1"},
      {"minloglevel", "2"},
  };
  CorpusLineIterator lines(documents);
  std::string model_proto;
  const sentencepiece::util::Status status =
      sentencepiece::SentencePieceTrainer::Train(options, &lines, &model_proto);
  if (!status.ok()) {
    throw InvalidData("sentencepiece training with data.vocab_size " + std::to_string(vocab_size) +
                      " failed on corpus " + (documents.empty() ? "" : documents.front().path) +
                      ": " + status.ToString() +
                      " (a smaller vocab_size or a larger corpus may help)");
  }
  return model_proto;
}

std::vector<uint16_t> EncodeWithSentencePiece(const std::string& model_proto,
                                              const std::vector<CorpusDocument>& documents) {
  sentencepiece::SentencePieceProcessor processor;
  const sentencepiece::util::Status status = processor.LoadFromSerializedProto(model_proto);
  if (!status.ok()) {
    throw std::runtime_error("cannot load sentencepiece model: " + status.ToString());
  }
  const int eos = processor.eos_id();
  std::vector<uint16_t> tokens;
  std::vector<int> ids;
  for (const CorpusDocument& document : documents) {
    ids.clear();
    const sentencepiece::util::Status encoded = processor.Encode(document.text, &ids);
    if (!encoded.ok()) {
      throw std::runtime_error("sentencepiece failed to encode " + document.path + ": " +
                               encoded.ToString());
    }
    tokens.insert(tokens.end(), ids.begin(), ids.end());
    tokens.push_back(static_cast<uint16_t>(eos));
  }
  return tokens;
}

}  // namespace reslab::data
