#include "db/run_store.h"

#include "db/reset_guard.h"

namespace reslab::db {
namespace {

constexpr char kSelect[] =
    "SELECT r.run_id, r.sweep_id, s.name, r.config, r.config_index, r.variant, r.seed, "
    "r.status, r.attempt, r.max_attempts, r.params, r.d_model, r.steps, r.micro_batch_size, "
    "r.lease_token, r.lease_worker_id, r.lease_expires_unix_ms, r.step, r.train_loss, "
    "r.tokens_per_second, r.val_loss, r.ece, r.final_steps, r.tokens, r.seconds, "
    "r.result_json, r.last_error, r.created_unix_ms, r.updated_unix_ms "
    "FROM runs r JOIN sweeps s ON s.sweep_id = r.sweep_id ";

std::optional<int> OptionalInt32(const Statement& stmt, int column) {
  auto value = stmt.ColumnOptionalInt(column);
  if (!value) return std::nullopt;
  return static_cast<int>(*value);
}

RunRecord ReadRun(const Statement& stmt) {
  RunRecord run;
  run.run_id = stmt.ColumnInt(0);
  run.sweep_id = stmt.ColumnInt(1);
  run.sweep_name = stmt.ColumnText(2);
  run.config = stmt.ColumnText(3);
  run.config_index = static_cast<int>(stmt.ColumnInt(4));
  run.variant = stmt.ColumnText(5);
  run.seed = stmt.ColumnInt(6);
  run.status = ParseRunStatus(stmt.ColumnText(7));
  run.attempt = static_cast<int>(stmt.ColumnInt(8));
  run.max_attempts = static_cast<int>(stmt.ColumnInt(9));
  run.params = stmt.ColumnOptionalInt(10);
  run.d_model = OptionalInt32(stmt, 11);
  run.steps = stmt.ColumnInt(12);
  run.micro_batch_size = OptionalInt32(stmt, 13);
  run.lease_token = stmt.ColumnOptionalInt(14);
  run.lease_worker_id = stmt.ColumnText(15);
  run.lease_expires_unix_ms = stmt.ColumnOptionalInt(16);
  run.step = stmt.ColumnInt(17);
  run.train_loss = stmt.ColumnOptionalDouble(18);
  run.tokens_per_second = stmt.ColumnOptionalDouble(19);
  run.val_loss = stmt.ColumnOptionalDouble(20);
  run.ece = stmt.ColumnOptionalDouble(21);
  run.final_steps = stmt.ColumnOptionalInt(22);
  run.tokens = stmt.ColumnOptionalInt(23);
  run.seconds = stmt.ColumnOptionalDouble(24);
  run.result_json = stmt.ColumnText(25);
  run.last_error = stmt.ColumnText(26);
  run.created_unix_ms = stmt.ColumnInt(27);
  run.updated_unix_ms = stmt.ColumnInt(28);
  return run;
}

}  // namespace

RunStore::RunStore(Database& db)
    : db_(db),
      insert_(db.Prepare(
          "INSERT INTO runs(sweep_id, priority, config, config_index, variant, seed, params, "
          "d_model, steps, status, attempt, max_attempts, micro_batch_size, created_unix_ms, "
          "updated_unix_ms) VALUES (?1, (SELECT priority FROM sweeps WHERE sweep_id = ?1), "
          "?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', 0, ?9, ?10, ?11, ?12)")),
      get_(db.Prepare(std::string(kSelect) + "WHERE r.run_id = ?")),
      count_by_status_(
          db.Prepare("SELECT status, count(*) FROM runs WHERE sweep_id = ? GROUP BY status")),
      // Without INDEXED BY, SQLite 3.40 picks runs_by_status and sorts every queued run on each
      // lease. With it, Prepare throws if the index ever becomes unusable for this query.
      next_queued_(db.Prepare(
          "SELECT run_id FROM runs INDEXED BY runs_lease_order WHERE status = 'queued' "
          "ORDER BY priority DESC, params ASC, run_id ASC LIMIT 1")),
      next_token_(db.Prepare(
          "UPDATE counters SET value = value + 1 WHERE name = 'fencing_token' RETURNING value")),
      mark_leased_(db.Prepare("UPDATE runs SET status = 'running', attempt = ?, lease_token = ?, "
                              "lease_worker_id = ?, lease_expires_unix_ms = ?, updated_unix_ms = ? "
                              "WHERE run_id = ? AND status = 'queued'")),
      renew_(db.Prepare("UPDATE runs SET lease_expires_unix_ms = ?, step = max(step, ?), "
                        "train_loss = coalesce(?, train_loss), "
                        "tokens_per_second = coalesce(?, tokens_per_second), updated_unix_ms = ? "
                        "WHERE run_id = ?")),
      store_result_(db.Prepare(
          "UPDATE runs SET status = ?, val_loss = ?, ece = ?, params = coalesce(?, params), "
          "final_steps = ?, step = max(step, ?), tokens = ?, seconds = ?, "
          "micro_batch_size = coalesce(?, micro_batch_size), result_json = ?, "
          "lease_token = NULL, lease_worker_id = NULL, lease_expires_unix_ms = NULL, "
          "updated_unix_ms = ? WHERE run_id = ?")),
      requeue_(
          db.Prepare("UPDATE runs SET status = 'queued', last_error = ?, "
                     "micro_batch_size = coalesce(?, micro_batch_size), lease_token = NULL, "
                     "lease_worker_id = NULL, lease_expires_unix_ms = NULL, updated_unix_ms = ? "
                     "WHERE run_id = ?")),
      finish_(
          db.Prepare("UPDATE runs SET status = ?, last_error = coalesce(?, last_error), "
                     "lease_token = NULL, lease_worker_id = NULL, lease_expires_unix_ms = NULL, "
                     "updated_unix_ms = ? WHERE run_id = ?")),
      expired_(db.Prepare(std::string(kSelect) +
                          "WHERE r.status = 'running' AND r.lease_expires_unix_ms < ? "
                          "ORDER BY r.run_id")),
      cancel_queued_(db.Prepare("UPDATE runs SET status = 'cancelled', updated_unix_ms = ? "
                                "WHERE sweep_id = ? AND status = 'queued'")),
      requeue_failed_(db.Prepare(
          "UPDATE runs SET status = 'queued', max_attempts = attempt + ?, updated_unix_ms = ? "
          "WHERE sweep_id = ? AND status IN ('failed', 'cancelled')")) {}

void RunStore::InsertRuns(int64_t sweep_id, const std::vector<NewRun>& runs, int64_t now_unix_ms) {
  for (const NewRun& run : runs) {
    ResetGuard guard(insert_);
    insert_.Bind(1, sweep_id)
        .Bind(2, run.config)
        .Bind(3, run.config_index)
        .Bind(4, run.variant)
        .Bind(5, run.seed)
        .Bind(6, run.params)
        .Bind(7, run.d_model)
        .Bind(8, run.steps)
        .Bind(9, run.max_attempts)
        .Bind(10, run.micro_batch_size)
        .Bind(11, now_unix_ms)
        .Bind(12, now_unix_ms);
    insert_.Run();
  }
}

std::optional<RunRecord> RunStore::Get(int64_t run_id) {
  ResetGuard guard(get_);
  get_.Bind(1, run_id);
  if (!get_.Step()) return std::nullopt;
  return ReadRun(get_);
}

std::vector<RunRecord> RunStore::List(const RunFilter& filter) {
  // The filter combination varies per call, so this statement is prepared each time.
  std::string sql = std::string(kSelect) + "WHERE 1 = 1";
  if (filter.sweep_id) sql += " AND r.sweep_id = ?1";
  if (filter.status) sql += " AND r.status = ?2";
  if (!filter.config.empty()) sql += " AND r.config = ?3";
  if (!filter.variant.empty()) sql += " AND r.variant = ?4";
  sql += " ORDER BY r.run_id";
  Statement stmt = db_.Prepare(sql);
  if (filter.sweep_id) stmt.Bind(1, *filter.sweep_id);
  if (filter.status) stmt.Bind(2, RunStatusName(*filter.status));
  if (!filter.config.empty()) stmt.Bind(3, filter.config);
  if (!filter.variant.empty()) stmt.Bind(4, filter.variant);
  std::vector<RunRecord> runs;
  while (stmt.Step()) runs.push_back(ReadRun(stmt));
  return runs;
}

StatusCounts RunStore::CountByStatus(int64_t sweep_id) {
  ResetGuard guard(count_by_status_);
  count_by_status_.Bind(1, sweep_id);
  StatusCounts counts;
  while (count_by_status_.Step()) {
    counts[ParseRunStatus(count_by_status_.ColumnText(0))] =
        static_cast<int>(count_by_status_.ColumnInt(1));
  }
  return counts;
}

std::optional<int64_t> RunStore::NextQueued() {
  ResetGuard guard(next_queued_);
  if (!next_queued_.Step()) return std::nullopt;
  return next_queued_.ColumnInt(0);
}

int64_t RunStore::NextFencingToken() {
  ResetGuard guard(next_token_);
  if (!next_token_.Step()) throw Error("counters table has no fencing_token row");
  int64_t token = next_token_.ColumnInt(0);
  while (next_token_.Step()) {
  }
  return token;
}

void RunStore::MarkLeased(int64_t run_id, int attempt, int64_t token, const std::string& worker_id,
                          int64_t expires_unix_ms, int64_t now_unix_ms) {
  ResetGuard guard(mark_leased_);
  mark_leased_.Bind(1, attempt)
      .Bind(2, token)
      .Bind(3, worker_id)
      .Bind(4, expires_unix_ms)
      .Bind(5, now_unix_ms)
      .Bind(6, run_id);
  mark_leased_.Run();
  if (db_.Changes() != 1) {
    throw Error("run " + std::to_string(run_id) + " is no longer queued");
  }
}

void RunStore::RenewLease(int64_t run_id, int64_t expires_unix_ms, int64_t step,
                          std::optional<double> train_loss, std::optional<double> tokens_per_second,
                          int64_t now_unix_ms) {
  ResetGuard guard(renew_);
  renew_.Bind(1, expires_unix_ms)
      .Bind(2, step)
      .Bind(3, train_loss)
      .Bind(4, tokens_per_second)
      .Bind(5, now_unix_ms)
      .Bind(6, run_id);
  renew_.Run();
}

void RunStore::StoreResult(int64_t run_id, const RunOutcome& outcome, int64_t now_unix_ms) {
  ResetGuard guard(store_result_);
  store_result_.Bind(1, RunStatusName(outcome.status))
      .Bind(2, outcome.val_loss)
      .Bind(3, outcome.ece)
      .Bind(4, outcome.params > 0 ? std::optional<int64_t>(outcome.params) : std::nullopt)
      .Bind(5, outcome.steps)
      .Bind(6, outcome.steps)
      .Bind(7, outcome.tokens)
      .Bind(8, outcome.seconds)
      .Bind(9, outcome.micro_batch_size > 0 ? std::optional<int>(outcome.micro_batch_size)
                                            : std::nullopt)
      .Bind(10, outcome.result_json)
      .Bind(11, now_unix_ms)
      .Bind(12, run_id);
  store_result_.Run();
}

void RunStore::Requeue(int64_t run_id, const std::string& error,
                       std::optional<int> micro_batch_size, int64_t now_unix_ms) {
  ResetGuard guard(requeue_);
  requeue_.Bind(1, error).Bind(2, micro_batch_size).Bind(3, now_unix_ms).Bind(4, run_id);
  requeue_.Run();
}

void RunStore::Finish(int64_t run_id, RunStatus status, const std::string& error,
                      int64_t now_unix_ms) {
  ResetGuard guard(finish_);
  finish_.Bind(1, RunStatusName(status));
  if (error.empty()) {
    finish_.BindNull(2);
  } else {
    finish_.Bind(2, error);
  }
  finish_.Bind(3, now_unix_ms).Bind(4, run_id);
  finish_.Run();
}

std::vector<RunRecord> RunStore::ExpiredLeases(int64_t now_unix_ms) {
  ResetGuard guard(expired_);
  expired_.Bind(1, now_unix_ms);
  std::vector<RunRecord> runs;
  while (expired_.Step()) runs.push_back(ReadRun(expired_));
  return runs;
}

int RunStore::CancelQueued(int64_t sweep_id, int64_t now_unix_ms) {
  ResetGuard guard(cancel_queued_);
  cancel_queued_.Bind(1, now_unix_ms).Bind(2, sweep_id);
  cancel_queued_.Run();
  return db_.Changes();
}

int RunStore::RequeueFailed(int64_t sweep_id, int extra_attempts, int64_t now_unix_ms) {
  ResetGuard guard(requeue_failed_);
  requeue_failed_.Bind(1, extra_attempts).Bind(2, now_unix_ms).Bind(3, sweep_id);
  requeue_failed_.Run();
  return db_.Changes();
}

}  // namespace reslab::db
