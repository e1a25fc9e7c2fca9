// Reading a plain-text corpus: one file, or every *.txt file of a folder in name order.
#ifndef RESLAB_WORKER_DATA_CORPUS_H_
#define RESLAB_WORKER_DATA_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace reslab::data {

struct CorpusDocument {
  std::string path;
  std::string text;
};

// Reads `path`: a text file, or a folder whose *.txt files (not recursive) are read in name
// order. Throws InvalidData naming the path when it is empty, missing, unreadable, a folder
// without *.txt files, or when every file is empty.
std::vector<CorpusDocument> LoadCorpus(const std::string& path);

// Throws InvalidData naming the file and byte offset of the first invalid UTF-8 sequence.
void CheckUtf8(const CorpusDocument& document);

// 64-bit FNV-1a hash of the documents' lengths and contents in order (file names excluded),
// as 16 hex digits. Used as the cache key of tokenizer models and token streams.
std::string CorpusHash(const std::vector<CorpusDocument>& documents);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_CORPUS_H_
