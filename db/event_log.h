// Repository for the events table: an append-only log of state changes. event_id increases
// with every append, so a reader resumes from the last id it saw.
#ifndef RESLAB_DB_EVENT_LOG_H_
#define RESLAB_DB_EVENT_LOG_H_

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/records.h"

namespace reslab::db {

// Not thread-safe: callers serialise access to the connection.
class EventLog {
 public:
  explicit EventLog(Database& db);

  // Appends an event and returns its event_id.
  int64_t Append(const std::string& kind, std::optional<int64_t> sweep_id,
                 std::optional<int64_t> run_id, const std::string& worker_id,
                 const std::string& message, int64_t now_unix_ms);
  // The sweep's events with event_id > `after_event_id`, oldest first, at most `limit`.
  std::vector<EventRecord> ForSweepSince(int64_t sweep_id, int64_t after_event_id, int limit);
  // The largest event_id, or 0 when the log is empty.
  int64_t LastEventId();

 private:
  Database& db_;
  Statement append_;
  Statement for_sweep_since_;
  Statement last_id_;
};

}  // namespace reslab::db

#endif  // RESLAB_DB_EVENT_LOG_H_
