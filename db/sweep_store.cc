#include "db/sweep_store.h"

#include "db/reset_guard.h"

namespace reslab::db {
namespace {

constexpr char kColumns[] =
    "sweep_id, name, description, spec_json, source, priority, cancelled, created_unix_ms";

SweepRecord ReadSweep(const Statement& stmt) {
  SweepRecord sweep;
  sweep.sweep_id = stmt.ColumnInt(0);
  sweep.name = stmt.ColumnText(1);
  sweep.description = stmt.ColumnText(2);
  sweep.spec_json = stmt.ColumnText(3);
  sweep.source = stmt.ColumnText(4);
  sweep.priority = static_cast<int>(stmt.ColumnInt(5));
  sweep.cancelled = stmt.ColumnInt(6) != 0;
  sweep.created_unix_ms = stmt.ColumnInt(7);
  return sweep;
}

std::optional<SweepRecord> ReadOne(Statement& stmt) {
  if (!stmt.Step()) return std::nullopt;
  return ReadSweep(stmt);
}

}  // namespace

SweepStore::SweepStore(Database& db)
    : db_(db),
      insert_(db.Prepare(
          "INSERT INTO sweeps(name, description, spec_json, source, priority, cancelled, "
          "created_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")),
      find_by_name_(db.Prepare(std::string("SELECT ") + kColumns + " FROM sweeps WHERE name = ?")),
      find_by_id_(
          db.Prepare(std::string("SELECT ") + kColumns + " FROM sweeps WHERE sweep_id = ?")),
      list_(db.Prepare(std::string("SELECT ") + kColumns + " FROM sweeps ORDER BY sweep_id")),
      set_cancelled_(db.Prepare("UPDATE sweeps SET cancelled = ? WHERE sweep_id = ?")) {}

int64_t SweepStore::Insert(const SweepRecord& sweep) {
  ResetGuard guard(insert_);
  insert_.Bind(1, sweep.name)
      .Bind(2, sweep.description)
      .Bind(3, sweep.spec_json)
      .Bind(4, sweep.source)
      .Bind(5, sweep.priority)
      .Bind(6, sweep.cancelled ? 1 : 0)
      .Bind(7, sweep.created_unix_ms);
  insert_.Run();
  return db_.LastInsertRowId();
}

std::optional<SweepRecord> SweepStore::FindByName(const std::string& name) {
  ResetGuard guard(find_by_name_);
  find_by_name_.Bind(1, name);
  return ReadOne(find_by_name_);
}

std::optional<SweepRecord> SweepStore::FindById(int64_t sweep_id) {
  ResetGuard guard(find_by_id_);
  find_by_id_.Bind(1, sweep_id);
  return ReadOne(find_by_id_);
}

std::vector<SweepRecord> SweepStore::List() {
  ResetGuard guard(list_);
  std::vector<SweepRecord> sweeps;
  while (list_.Step()) sweeps.push_back(ReadSweep(list_));
  return sweeps;
}

void SweepStore::SetCancelled(int64_t sweep_id, bool cancelled) {
  ResetGuard guard(set_cancelled_);
  set_cancelled_.Bind(1, cancelled ? 1 : 0).Bind(2, sweep_id);
  set_cancelled_.Run();
}

}  // namespace reslab::db
