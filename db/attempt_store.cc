#include "db/attempt_store.h"

#include "db/reset_guard.h"

namespace reslab::db {

AttemptStore::AttemptStore(Database& db)
    : start_(db.Prepare(
          "INSERT INTO attempts(run_id, attempt, worker_id, fencing_token, started_unix_ms) "
          "VALUES (?, ?, ?, ?, ?)")),
      end_(db.Prepare("UPDATE attempts SET ended_unix_ms = ?, outcome = ?, message = ? "
                      "WHERE fencing_token = ?")),
      for_run_(db.Prepare(
          "SELECT run_id, attempt, worker_id, fencing_token, started_unix_ms, ended_unix_ms, "
          "outcome, message FROM attempts WHERE run_id = ? ORDER BY attempt")) {}

void AttemptStore::Start(int64_t run_id, int attempt, const std::string& worker_id,
                         int64_t fencing_token, int64_t now_unix_ms) {
  ResetGuard guard(start_);
  start_.Bind(1, run_id)
      .Bind(2, attempt)
      .Bind(3, worker_id)
      .Bind(4, fencing_token)
      .Bind(5, now_unix_ms);
  start_.Run();
}

void AttemptStore::End(int64_t fencing_token, const std::string& outcome,
                       const std::string& message, int64_t now_unix_ms) {
  ResetGuard guard(end_);
  end_.Bind(1, now_unix_ms).Bind(2, outcome).Bind(3, message).Bind(4, fencing_token);
  end_.Run();
}

std::vector<AttemptRecord> AttemptStore::ForRun(int64_t run_id) {
  ResetGuard guard(for_run_);
  for_run_.Bind(1, run_id);
  std::vector<AttemptRecord> attempts;
  while (for_run_.Step()) {
    AttemptRecord attempt;
    attempt.run_id = for_run_.ColumnInt(0);
    attempt.attempt = static_cast<int>(for_run_.ColumnInt(1));
    attempt.worker_id = for_run_.ColumnText(2);
    attempt.fencing_token = for_run_.ColumnInt(3);
    attempt.started_unix_ms = for_run_.ColumnInt(4);
    attempt.ended_unix_ms = for_run_.ColumnOptionalInt(5);
    attempt.outcome = for_run_.ColumnText(6);
    attempt.message = for_run_.ColumnText(7);
    attempts.push_back(std::move(attempt));
  }
  return attempts;
}

}  // namespace reslab::db
