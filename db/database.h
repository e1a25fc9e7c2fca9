// A thin RAII layer over SQLite: one connection, prepared statements, transactions and schema
// migrations. Errors throw db::Error with SQLite's message and the SQL involved.
#ifndef RESLAB_DB_DATABASE_H_
#define RESLAB_DB_DATABASE_H_

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace reslab::db {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A prepared statement. Bind indexes start at 1 and column indexes at 0, as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, const std::string& value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string(value)); }
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row. Returns false when the statement is done.
  bool Step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void Run();
  // Resets the statement and clears its bindings.
  void Reset();

  bool IsNull(int column) const;
  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  std::optional<int64_t> ColumnOptionalInt(int column) const;
  std::optional<double> ColumnOptionalDouble(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

class Database {
 public:
  // Opens (creating if needed) the database at `path`, enables WAL, foreign keys and a busy
  // timeout, and applies pending migrations in one transaction. ":memory:" works for tests.
  static Database Open(const std::string& path);
  // Opens an existing database read-only without migrating it. Throws when the file is
  // missing or its schema is newer than this build understands.
  static Database OpenReadOnly(const std::string& path);

  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Statement Prepare(const std::string& sql) { return Statement(db_, sql); }
  // Runs one or more SQL statements that return no rows.
  void Exec(const std::string& sql);
  int64_t LastInsertRowId() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it throws. Returns what
  // `body` returns. Nested calls join the outer transaction.
  template <typename F>
  auto Transaction(F&& body) -> decltype(body()) {
    if (in_transaction_) return body();
    Exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        Commit();
      } else {
        auto result = body();
        Commit();
        return result;
      }
    } catch (...) {
      Rollback();
      throw;
    }
  }

  // The schema version stored in PRAGMA user_version.
  int SchemaVersion();

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  void Commit();
  void Rollback();
  void Migrate();

  sqlite3* db_ = nullptr;
  std::string path_;
  bool in_transaction_ = false;
};

// Milliseconds since the Unix epoch, the time unit of every *_unix_ms column.
int64_t NowUnixMs();

}  // namespace reslab::db

#endif  // RESLAB_DB_DATABASE_H_
