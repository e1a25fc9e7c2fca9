#include "db/event_log.h"

#include "db/reset_guard.h"

namespace reslab::db {

EventLog::EventLog(Database& db)
    : db_(db),
      append_(db.Prepare("INSERT INTO events(unix_ms, kind, sweep_id, run_id, worker_id, "
                         "message) VALUES (?, ?, ?, ?, ?, ?)")),
      for_sweep_since_(db.Prepare(
          "SELECT event_id, unix_ms, kind, sweep_id, run_id, worker_id, message FROM events "
          "WHERE sweep_id = ? AND event_id > ? ORDER BY event_id LIMIT ?")),
      last_id_(db.Prepare("SELECT coalesce(max(event_id), 0) FROM events")) {}

int64_t EventLog::Append(const std::string& kind, std::optional<int64_t> sweep_id,
                         std::optional<int64_t> run_id, const std::string& worker_id,
                         const std::string& message, int64_t now_unix_ms) {
  ResetGuard guard(append_);
  append_.Bind(1, now_unix_ms).Bind(2, kind).Bind(3, sweep_id).Bind(4, run_id);
  if (worker_id.empty()) {
    append_.BindNull(5);
  } else {
    append_.Bind(5, worker_id);
  }
  append_.Bind(6, message);
  append_.Run();
  return db_.LastInsertRowId();
}

std::vector<EventRecord> EventLog::ForSweepSince(int64_t sweep_id, int64_t after_event_id,
                                                 int limit) {
  ResetGuard guard(for_sweep_since_);
  for_sweep_since_.Bind(1, sweep_id).Bind(2, after_event_id).Bind(3, limit);
  std::vector<EventRecord> events;
  while (for_sweep_since_.Step()) {
    EventRecord event;
    event.event_id = for_sweep_since_.ColumnInt(0);
    event.unix_ms = for_sweep_since_.ColumnInt(1);
    event.kind = for_sweep_since_.ColumnText(2);
    event.sweep_id = for_sweep_since_.ColumnOptionalInt(3);
    event.run_id = for_sweep_since_.ColumnOptionalInt(4);
    event.worker_id = for_sweep_since_.ColumnText(5);
    event.message = for_sweep_since_.ColumnText(6);
    events.push_back(std::move(event));
  }
  return events;
}

int64_t EventLog::LastEventId() {
  ResetGuard guard(last_id_);
  last_id_.Step();
  return last_id_.ColumnInt(0);
}

}  // namespace reslab::db
