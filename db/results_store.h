// Imported results and the runs a report reads. An import stores a sweep with
// source 'imported' and one completed (or diverged) run per CSV row, all in one transaction.
#ifndef RESLAB_DB_RESULTS_STORE_H_
#define RESLAB_DB_RESULTS_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.h"
#include "db/import_csv.h"
#include "db/records.h"
#include "db/run_store.h"
#include "db/sweep_store.h"

namespace reslab::db {

enum class ImportOutcome {
  // The sweep was new; every row was stored.
  kCreated,
  // The sweep already held exactly these runs; nothing changed.
  kUnchanged,
  // The file has invalid lines; nothing was stored.
  kInvalid,
  // The sweep name is taken by a submitted sweep or by an import with other runs; nothing was
  // stored. The first error names the first difference.
  kConflict,
};

const char* ImportOutcomeName(ImportOutcome outcome);

struct ImportSummary {
  ImportOutcome outcome = ImportOutcome::kInvalid;
  std::string sweep;
  // "published" or "generic".
  std::string layout;
  // Data rows read and runs stored by this call (0 unless the outcome is kCreated).
  int rows = 0;
  int stored = 0;
  int configs = 0;
  int variants = 0;
  int seeds = 0;
  std::vector<ImportLineError> errors;
};

class ResultsStore {
 public:
  explicit ResultsStore(Database& db) : db_(db), sweeps_(db), runs_(db) {}

  // Imports CSV text as sweep `sweep_name`: all rows or none, in one transaction. Importing the
  // same runs again is a no-op (kUnchanged). Throws std::invalid_argument for an invalid sweep
  // name and db::Error for storage failures.
  ImportSummary Import(const std::string& sweep_name, std::string_view csv_text);

  std::optional<SweepRecord> FindSweep(const std::string& name);
  // Every run of the sweep, ordered by config_index, config, variant and seed.
  std::vector<RunRecord> LoadRuns(int64_t sweep_id);
  SweepStore& sweeps() { return sweeps_; }

 private:
  // Returns the first difference between the stored runs of `sweep` and `runs`, or an empty
  // message when they are the same.
  ImportLineError FirstDifference(const SweepRecord& sweep, const std::vector<ImportedRun>& runs);
  void Insert(const std::string& sweep_name, const std::vector<ImportedRun>& runs,
              const std::string& layout);

  Database& db_;
  SweepStore sweeps_;
  RunStore runs_;
};

// Throws std::invalid_argument naming the value unless `name` has 1-64 characters from
// [A-Za-z0-9_.-], the rule for sweep names.
void ValidateSweepName(const std::string& name);

}  // namespace reslab::db

#endif  // RESLAB_DB_RESULTS_STORE_H_
