// Writing files so that readers see either the old or the complete new contents.
#ifndef RESLAB_WORKER_DATA_ATOMIC_FILE_H_
#define RESLAB_WORKER_DATA_ATOMIC_FILE_H_

#include <functional>
#include <string>

namespace reslab::data {

// Calls `write(temporary_path)`, flushes the file to disk, then renames the temporary file (in the same folder, with a
// name unique to this process and call) to `path`, creating missing parent folders first. The
// temporary file is removed when `write` throws. Throws std::runtime_error when the rename
// fails.
void WriteAtomically(const std::string& path, const std::function<void(const std::string&)>& write);

// Writes `bytes` to `path` atomically.
void WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_ATOMIC_FILE_H_
