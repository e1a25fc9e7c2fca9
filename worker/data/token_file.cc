#include "worker/data/token_file.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "worker/data/atomic_file.h"
#include "worker/data/data_options.h"

namespace reslab::data {
namespace {

bool IsLittleEndian() {
  const uint16_t probe = 1;
  return *reinterpret_cast<const unsigned char*>(&probe) == 1;
}

uint16_t SwapBytes(uint16_t value) { return static_cast<uint16_t>((value << 8) | (value >> 8)); }

}  // namespace

std::vector<uint16_t> ReadTokenFile(const std::string& path, int64_t vocab_size) {
  if (path.empty()) {
    throw InvalidData("data.token_file is empty: set it to a file of little-endian uint16 ids");
  }
  if (vocab_size < 1 || vocab_size > 65536) {
    throw InvalidData("data.vocab_size " + std::to_string(vocab_size) + " for token file " + path +
                      " is out of range (1-65536)");
  }
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    throw InvalidData("token file not found or unreadable: " + path + " (" + error.message() +
                      ")");
  }
  if (size == 0) {
    throw InvalidData("token file " + path + " is empty (0 bytes)");
  }
  if (size % 2 != 0) {
    throw InvalidData("token file " + path + " has an odd size of " + std::to_string(size) +
                      " bytes; expected little-endian uint16 ids (2 bytes each)");
  }

  std::vector<uint16_t> tokens(size / 2);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(tokens.data()), static_cast<std::streamsize>(size))) {
    throw InvalidData("failed to read token file " + path);
  }
  const bool swap = !IsLittleEndian();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (swap) tokens[i] = SwapBytes(tokens[i]);
    if (tokens[i] >= vocab_size) {
      throw InvalidData("token file " + path + " contains id " + std::to_string(tokens[i]) +
                        " at position " + std::to_string(i) + ", not below data.vocab_size " +
                        std::to_string(vocab_size));
    }
  }
  return tokens;
}

void WriteTokenFile(const std::string& path, const std::vector<uint16_t>& tokens) {
  std::string bytes(tokens.size() * 2, '\0');
  for (size_t i = 0; i < tokens.size(); ++i) {
    bytes[2 * i] = static_cast<char>(tokens[i] & 0xFF);
    bytes[2 * i + 1] = static_cast<char>(tokens[i] >> 8);
  }
  WriteFileAtomically(path, bytes);
}

}  // namespace reslab::data
