#include "db/database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "db/migrations.h"

namespace reslab::db {
namespace {

std::string TempDbPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "reslab-db-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  return path.string();
}

TEST(Database, MigratesToLatestVersion) {
  Database db = Database::Open(TempDbPath("migrate"));
  EXPECT_EQ(db.SchemaVersion(), static_cast<int>(Migrations().size()));
  Statement stmt = db.Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.ColumnText(0), "wal");
}

TEST(Database, ReopenKeepsData) {
  std::string path = TempDbPath("reopen");
  {
    Database db = Database::Open(path);
    db.Prepare("INSERT INTO sweeps(name, spec_json, created_unix_ms) VALUES (?, ?, ?)")
        .Bind(1, "s")
        .Bind(2, "{}")
        .Bind(3, NowUnixMs())
        .Run();
  }
  Database db = Database::Open(path);
  Statement stmt = db.Prepare("SELECT count(*) FROM sweeps");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.ColumnInt(0), 1);
}

TEST(Database, TransactionRollsBackOnThrow) {
  Database db = Database::Open(TempDbPath("rollback"));
  EXPECT_THROW(db.Transaction([&] {
    db.Prepare("INSERT INTO sweeps(name, spec_json, created_unix_ms) VALUES ('a', '{}', 0)")
        .Run();
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  Statement stmt = db.Prepare("SELECT count(*) FROM sweeps");
  ASSERT_TRUE(stmt.Step());
  EXPECT_EQ(stmt.ColumnInt(0), 0);
}

TEST(Database, RejectsInvalidRunStatus) {
  Database db = Database::Open(TempDbPath("check"));
  db.Exec("INSERT INTO sweeps(sweep_id, name, spec_json, created_unix_ms) VALUES (1, 's', '{}', 0)");
  EXPECT_THROW(db.Exec("INSERT INTO runs(sweep_id, config, variant, seed, steps, status, "
                       "created_unix_ms, updated_unix_ms) VALUES (1, 'c', 'v', 0, 1, 'bogus', 0, 0)"),
               Error);
}

}  // namespace
}  // namespace reslab::db
