// Parsing of per-run result tables for `reslab import`. Two layouts are recognised by their
// header (columns may come in any order):
//   published: size, variant, seed, params_M, steps, val_loss, ece, minutes
//   generic:   config, variant, seed, params, val_loss [, steps, ece, seconds, status]
// docs/import-csv.md describes both. Parsing never touches the database.
#ifndef RESLAB_DB_IMPORT_CSV_H_
#define RESLAB_DB_IMPORT_CSV_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reslab::db {

// One finished run read from a CSV row.
struct ImportedRun {
  // 1-based line number of the row in the file.
  int line = 0;
  std::string config;
  // Canonical variant name ("review_neutral" is stored as "review").
  std::string variant;
  int64_t seed = 0;
  int64_t params = 0;
  // Optimizer steps taken; absent when the file has no steps column.
  std::optional<int64_t> steps;
  // "completed", "diverged" or "failed_to_train".
  std::string status = "completed";
  // Validation loss in nats per token. Absent only for diverged or failed_to_train runs whose
  // loss is empty or non-finite.
  std::optional<double> val_loss;
  std::optional<double> ece;
  // Wall-clock training time in seconds (the published layout's minutes times 60).
  std::optional<double> seconds;
};

// A problem with one line of the file (line 0 when it concerns the file as a whole).
struct ImportLineError {
  int line = 0;
  std::string message;
};

struct ParsedResults {
  // "published" or "generic"; empty when the header matched neither.
  std::string layout;
  std::vector<ImportedRun> runs;
  // Every invalid line, in file order. When non-empty, `runs` must not be stored.
  std::vector<ImportLineError> errors;
};

// Parses CSV text (UTF-8, optional BOM, LF or CRLF line ends, RFC 4180 quoting). Reports every
// bad line rather than stopping at the first: bad numbers, unknown variants, duplicate
// (config, variant, seed), missing or unknown columns, wrong field counts, invalid UTF-8, and
// a file with no data rows.
ParsedResults ParseResultsCsv(std::string_view text);

// The residual variant names the importer accepts after mapping "review_neutral" to "review".
// NOTE: mirrors model::VariantNames() in worker/model/model_options.h, which db/ cannot link.
const std::vector<std::string>& ImportableVariants();

}  // namespace reslab::db

#endif  // RESLAB_DB_IMPORT_CSV_H_
