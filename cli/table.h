// Plain-text tables and CSV lines for the client commands.
#ifndef RESLAB_CLI_TABLE_H_
#define RESLAB_CLI_TABLE_H_

#include <string>
#include <vector>

namespace reslab::cli {

// A table with a header row, columns separated by two spaces and padded to their widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> headers);

  // Right-aligns `column` (numbers read better that way).
  void AlignRight(size_t column);
  // Adds a row; missing cells are blank and extra cells are an error (std::invalid_argument).
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }

  // Renders the header and every row, each line ending in '\n'.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> right_aligned_;
  std::vector<std::vector<std::string>> rows_;
};

// Quotes a CSV field when it contains a comma, quote or line break (RFC 4180).
std::string CsvField(const std::string& value);
// Joins fields into one CSV line ending in '\n'.
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace reslab::cli

#endif  // RESLAB_CLI_TABLE_H_
