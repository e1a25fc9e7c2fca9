#include "worker/data/corpus.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

namespace fs = std::filesystem;

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InvalidData("cannot read corpus file " + path.string());
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    throw InvalidData("failed to read corpus file " + path.string());
  }
  return contents.str();
}

std::vector<fs::path> ListTextFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".txt" && entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  if (error) {
    throw InvalidData("cannot list corpus folder " + folder.string() + ": " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class Fnv1a64 {
 public:
  void Update(const void* data, size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
      state_ = (state_ ^ bytes[i]) * kPrime;
    }
  }
  uint64_t value() const { return state_; }

 private:
  static constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

// Length of the UTF-8 sequence that starts at text[i], or 0 when it is invalid (overlong
// forms, surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint32_t code_point = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kMinimum[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

std::vector<CorpusDocument> LoadCorpus(const std::string& path) {
  if (path.empty()) {
    throw InvalidData("data.corpus is empty: set it to a UTF-8 text file or a folder of *.txt files");
  }
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    throw InvalidData("corpus not found: " + path);
  }

  std::vector<fs::path> files;
  if (fs::is_directory(status)) {
    files = ListTextFiles(path);
    if (files.empty()) {
      throw InvalidData("corpus folder " + path + " contains no *.txt files");
    }
  } else {
    files.push_back(path);
  }

  std::vector<CorpusDocument> documents;
  size_t total_bytes = 0;
  for (const fs::path& file : files) {
    CorpusDocument document{file.string(), ReadWholeFile(file)};
    total_bytes += document.text.size();
    documents.push_back(std::move(document));
  }
  if (total_bytes == 0) {
    throw InvalidData("corpus " + path + " is empty (0 bytes in " + std::to_string(files.size()) +
                      " file(s))");
  }
  return documents;
}

void CheckUtf8(const CorpusDocument& document) {
  const std::string& text = document.text;
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      char byte_hex[8];
      std::snprintf(byte_hex, sizeof(byte_hex), "0x%02X", static_cast<unsigned char>(text[i]));
      throw InvalidData("corpus file " + document.path + " is not valid UTF-8: invalid byte " +
                        byte_hex + " at offset " + std::to_string(i));
    }
    i += length;
  }
}

std::string CorpusHash(const std::vector<CorpusDocument>& documents) {
  Fnv1a64 hash;
  for (const CorpusDocument& document : documents) {
    const uint64_t size = document.text.size();
    hash.Update(&size, sizeof(size));
    hash.Update(document.text.data(), document.text.size());
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(hash.value()));
  return hex;
}

}  // namespace reslab::data
