// Repository for the sweeps table.
#ifndef RESLAB_DB_SWEEP_STORE_H_
#define RESLAB_DB_SWEEP_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class SweepStore {
 public:
  explicit SweepStore(Database& db);

  // Inserts `sweep` (its sweep_id is ignored) and returns the new id. Throws db::Error when
  // the name is taken.
  int64_t Insert(const SweepRecord& sweep);
  std::optional<SweepRecord> FindByName(const std::string& name);
  std::optional<SweepRecord> FindById(int64_t sweep_id);
  // Every sweep, oldest first.
  std::vector<SweepRecord> List();
  void SetCancelled(int64_t sweep_id, bool cancelled);

 private:
  Database& db_;
  Statement insert_;
  Statement find_by_name_;
  Statement find_by_id_;
  Statement list_;
  Statement set_cancelled_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_SWEEP_STORE_H_
