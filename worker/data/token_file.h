// Token files: a flat array of little-endian uint16 token ids, the layout nanoGPT's prepare.py
// writes.
#ifndef RESLAB_WORKER_DATA_TOKEN_FILE_H_
#define RESLAB_WORKER_DATA_TOKEN_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace reslab::data {

// Reads a token file and checks every id against `vocab_size` (1-65536). Throws InvalidData
// naming the file and the value when the file is missing, empty or of odd size, or holds an id
// >= vocab_size.
std::vector<uint16_t> ReadTokenFile(const std::string& path, int64_t vocab_size);

// Writes `tokens` as a token file, atomically.
void WriteTokenFile(const std::string& path, const std::vector<uint16_t>& tokens);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_TOKEN_FILE_H_
