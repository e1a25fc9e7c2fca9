#include "db/worker_store.h"

#include "db/reset_guard.h"

namespace reslab::db {

WorkerStore::WorkerStore(Database& db)
    : next_number_(db.Prepare("INSERT INTO counters(name, value) VALUES ('worker', 1) "
                              "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value")),
      insert_(
          db.Prepare("INSERT INTO workers(worker_id, hostname, device, memory_bytes, pid, version, "
                     "registered_unix_ms, last_seen_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
      get_(db.Prepare(
          "SELECT worker_id, hostname, device, memory_bytes, pid, version, registered_unix_ms, "
          "last_seen_unix_ms FROM workers WHERE worker_id = ?")),
      touch_(db.Prepare("UPDATE workers SET last_seen_unix_ms = ? WHERE worker_id = ?")),
      db_(db) {}

WorkerRecord WorkerStore::Register(WorkerRecord worker, int64_t now_unix_ms) {
  return db_.Transaction([&] {
    int64_t number = 0;
    {
      ResetGuard guard(next_number_);
      if (!next_number_.Step()) throw Error("cannot allocate a worker number");
      number = next_number_.ColumnInt(0);
      while (next_number_.Step()) {
      }
    }
    std::string host = worker.hostname.empty() ? "worker" : worker.hostname;
    worker.worker_id = host + "-" + std::to_string(worker.pid) + "-" + std::to_string(number);
    worker.registered_unix_ms = now_unix_ms;
    worker.last_seen_unix_ms = now_unix_ms;
    ResetGuard guard(insert_);
    insert_.Bind(1, worker.worker_id)
        .Bind(2, worker.hostname)
        .Bind(3, worker.device)
        .Bind(4, worker.memory_bytes)
        .Bind(5, worker.pid)
        .Bind(6, worker.version)
        .Bind(7, now_unix_ms)
        .Bind(8, now_unix_ms);
    insert_.Run();
    return worker;
  });
}

std::optional<WorkerRecord> WorkerStore::Get(const std::string& worker_id) {
  ResetGuard guard(get_);
  get_.Bind(1, worker_id);
  if (!get_.Step()) return std::nullopt;
  WorkerRecord worker;
  worker.worker_id = get_.ColumnText(0);
  worker.hostname = get_.ColumnText(1);
  worker.device = get_.ColumnText(2);
  worker.memory_bytes = get_.ColumnInt(3);
  worker.pid = static_cast<int>(get_.ColumnInt(4));
  worker.version = get_.ColumnText(5);
  worker.registered_unix_ms = get_.ColumnInt(6);
  worker.last_seen_unix_ms = get_.ColumnInt(7);
  return worker;
}

bool WorkerStore::Touch(const std::string& worker_id, int64_t now_unix_ms) {
  ResetGuard guard(touch_);
  touch_.Bind(1, now_unix_ms).Bind(2, worker_id);
  touch_.Run();
  return db_.Changes() == 1;
}

}  // namespace reslab::db
