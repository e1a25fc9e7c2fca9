#include "db/database.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>

#include "db/migrations.h"

namespace reslab::db {
namespace {

constexpr int kBusyTimeoutMs = 10000;

[[noreturn]] void Throw(sqlite3* db, const std::string& what) {
  throw Error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

int64_t NowUnixMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), stmt_(nullptr), sql_(sql) {
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    Throw(db_, "failed to prepare SQL `" + sql + "`");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::Bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) Throw(db_, "bind failed in " + sql_);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) Throw(db_, "bind failed in " + sql_);
  return *this;
}

Statement& Statement::Bind(int index, const std::string& value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    Throw(db_, "bind failed in " + sql_);
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) Throw(db_, "bind failed in " + sql_);
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw Error("SQL failed: " + message + " in `" + sql_ + "`");
}

void Statement::Run() {
  while (Step()) {
  }
  Reset();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<int64_t> Statement::ColumnOptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return ColumnInt(column);
}

std::optional<double> Statement::ColumnOptionalDouble(int column) const {
  if (IsNull(column)) return std::nullopt;
  return ColumnDouble(column);
}

Database Database::Open(const std::string& path) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);
    throw Error("cannot open database " + path + ": " + message);
  }
  Database db(handle, path);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  db.Exec("PRAGMA foreign_keys = ON");
  if (path != ":memory:") db.Exec("PRAGMA journal_mode = WAL");
  db.Exec("PRAGMA synchronous = NORMAL");
  db.Migrate();
  return db;
}

Database Database::OpenReadOnly(const std::string& path) {
  if (!std::filesystem::exists(path)) throw Error("database not found: " + path);
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);
    throw Error("cannot open database " + path + ": " + message);
  }
  Database db(handle, path);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  int known = static_cast<int>(Migrations().size());
  if (db.SchemaVersion() > known) {
    throw Error("database " + path + " has schema version " +
                std::to_string(db.SchemaVersion()) + ", newer than this build's " +
                std::to_string(known) + "; upgrade reslab");
  }
  return db;
}

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), in_transaction_(other.in_transaction_) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    in_transaction_ = other.in_transaction_;
    other.db_ = nullptr;
  }
  return *this;
}

void Database::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw Error("SQL failed: " + text + " in `" + sql.substr(0, 200) + "`");
  }
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Database::Changes() const { return sqlite3_changes(db_); }

int Database::SchemaVersion() {
  Statement stmt = Prepare("PRAGMA user_version");
  stmt.Step();
  return static_cast<int>(stmt.ColumnInt(0));
}

void Database::Commit() {
  in_transaction_ = false;
  Exec("COMMIT");
}

void Database::Rollback() {
  in_transaction_ = false;
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Database::Migrate() {
  const auto& migrations = Migrations();
  int known = static_cast<int>(migrations.size());
  Transaction([&] {
    int version = SchemaVersion();
    if (version > known) {
      throw Error("database " + path_ + " has schema version " + std::to_string(version) +
                  ", newer than this build's " + std::to_string(known) + "; upgrade reslab");
    }
    for (int i = version; i < known; ++i) Exec(migrations[static_cast<size_t>(i)]);
    if (version < known) Exec("PRAGMA user_version = " + std::to_string(known));
  });
}

}  // namespace reslab::db
