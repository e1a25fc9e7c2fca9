#include "worker/data/training_lines.h"

#include <cctype>

namespace reslab::data {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Cut position for a piece longer than max_bytes: the last space inside the limit, else the
// last UTF-8 character start inside it.
size_t CutPosition(std::string_view text, size_t max_bytes) {
  const size_t space = text.rfind(' ', max_bytes);
  if (space != std::string_view::npos && space > 0) return space;
  size_t cut = max_bytes;
  while (cut > 1 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

class LinePacker {
 public:
  LinePacker(size_t max_bytes, std::vector<std::string>* lines)
      : max_bytes_(max_bytes), lines_(lines) {}

  void AddSentence(std::string_view sentence) {
    sentence = Trim(sentence);
    while (sentence.size() > max_bytes_) {
      const size_t cut = CutPosition(sentence, max_bytes_);
      AddPiece(Trim(sentence.substr(0, cut)));
      sentence = Trim(sentence.substr(cut));
    }
    AddPiece(sentence);
  }

  void Flush() {
    if (!current_.empty()) lines_->push_back(std::move(current_));
    current_.clear();
  }

 private:
  void AddPiece(std::string_view piece) {
    if (piece.empty()) return;
    const size_t joined = current_.empty() ? piece.size() : current_.size() + 1 + piece.size();
    if (joined > max_bytes_) Flush();
    if (!current_.empty()) current_ += ' ';
    current_.append(piece);
  }

  size_t max_bytes_;
  std::vector<std::string>* lines_;
  std::string current_;
};

}  // namespace

std::vector<std::string> SplitIntoTrainingLines(std::string_view text, size_t max_bytes) {
  std::vector<std::string> lines;
  if (max_bytes == 0) return lines;
  LinePacker packer(max_bytes, &lines);

  size_t sentence_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      packer.AddSentence(text.substr(sentence_start, i - sentence_start));
      packer.Flush();
      sentence_start = i + 1;
    } else if ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() && IsSpace(text[i + 1])) {
      packer.AddSentence(text.substr(sentence_start, i + 1 - sentence_start));
      sentence_start = i + 1;
    }
  }
  packer.AddSentence(text.substr(sentence_start));
  packer.Flush();
  return lines;
}

}  // namespace reslab::data
