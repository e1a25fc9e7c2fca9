// Cutting corpus text into short lines for SentencePiece training, which skips any input line
// longer than its max_sentence_length (4192 bytes by default). A whole speech on one line would
// otherwise be ignored.
#ifndef RESLAB_WORKER_DATA_TRAINING_LINES_H_
#define RESLAB_WORKER_DATA_TRAINING_LINES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace reslab::data {

// Splits `text` at line breaks and after sentence ends ('.', '!' or '?' followed by white
// space), then packs consecutive sentences of a paragraph into lines of at most `max_bytes`
// bytes. A sentence longer than max_bytes is cut at a space, or at a UTF-8 character boundary
// when it has no space. Empty lines are dropped; every line is shorter than or as long as
// max_bytes.
std::vector<std::string> SplitIntoTrainingLines(std::string_view text, size_t max_bytes);

}  // namespace reslab::data

#endif  // RESLAB_WORKER_DATA_TRAINING_LINES_H_
