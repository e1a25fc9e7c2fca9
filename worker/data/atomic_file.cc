#include "worker/data/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace reslab::data {
namespace {

namespace fs = std::filesystem;

std::string TemporaryPath(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void WriteAll(int fd, const std::string& bytes, const std::string& path) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("failed to write " + path + ": " + std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
}

// Flushes `path` to disk, so the rename below never exposes a file whose data is still only
// in the page cache.
void SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("cannot open " + path + " to flush it: " + std::strerror(errno));
  }
  const int result = ::fsync(fd);
  const int saved_errno = errno;
  ::close(fd);
  if (result != 0) {
    throw std::runtime_error("failed to flush " + path + ": " + std::strerror(saved_errno));
  }
}

}  // namespace

void WriteAtomically(const std::string& path,
                     const std::function<void(const std::string&)>& write) {
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) {
      throw std::runtime_error("cannot create folder " + parent.string() + ": " + error.message());
    }
  }
  const std::string temporary = TemporaryPath(path);
  try {
    write(temporary);
    SyncFile(temporary);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    throw std::runtime_error("cannot rename " + temporary + " to " + path + ": " +
                             error.message());
  }
}

void WriteFileAtomically(const std::string& path, const std::string& bytes) {
  WriteAtomically(path, [&bytes](const std::string& temporary) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw std::runtime_error("cannot create " + temporary + ": " + std::strerror(errno));
    }
    try {
      WriteAll(fd, bytes, temporary);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  });
}

}  // namespace reslab::data
