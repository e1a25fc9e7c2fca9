#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "db/database.h"
#include "db/results_store.h"

namespace reslab::db {
namespace {

std::string TempDbPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "reslab-results-tests";
  std::filesystem::create_directories(dir);
  auto path = dir / (name + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  return path.string();
}

// Every row of the tables an import writes, as text, to detect any change.
std::string DumpTables(Database& db) {
  std::string dump;
  for (const char* table : {"sweeps", "runs", "events"}) {
    sqlite3_stmt* stmt = nullptr;
    std::string sql = std::string("SELECT * FROM ") + table;
    if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot read " << table;
      return dump;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      dump += table;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        dump += "|" + (text ? std::string(reinterpret_cast<const char*>(text)) : "NULL");
      }
      dump += "\n";
    }
    sqlite3_finalize(stmt);
  }
  return dump;
}

int64_t CountRows(Database& db, const std::string& table) {
  Statement stmt = db.Prepare("SELECT count(*) FROM " + table);
  stmt.Step();
  return stmt.ColumnInt(0);
}

const char kPublished[] =
    "size,variant,seed,params_M,steps,val_loss,ece,minutes\n"
    "60M,review_neutral,0,59.47,8000,1.7016,0.0087,6.9\n"
    "60M,review_neutral,1,59.47,8000,1.6866,0.0081,6.9\n"
    "60M,highway,0,60.68,8000,1.698,0.0078,7.3\n"
    "60M,highway,1,60.68,8000,1.6938,0.0081,7.3\n"
    "1B,review_neutral,0,984.04,6000,1.4787,0.0217,37.1\n"
    "1B,highway,0,996.3,6000,1.4951,0.0189,36.8\n"
    "150M,review_neutral,0,152.16,8000,1.5642,0.0155,12.6\n"
    "150M,highway,0,153.21,8000,1.5713,0.0124,13.4\n";

TEST(ResultsImport, PublishedLayoutStoresEveryRun) {
  Database db = Database::Open(TempDbPath("published"));
  ResultsStore store(db);
  ImportSummary summary = store.Import("paper", kPublished);

  EXPECT_EQ(summary.outcome, ImportOutcome::kCreated);
  EXPECT_TRUE(summary.errors.empty());
  EXPECT_EQ(summary.layout, "published");
  EXPECT_EQ(summary.rows, 8);
  EXPECT_EQ(summary.stored, 8);
  EXPECT_EQ(summary.configs, 3);
  EXPECT_EQ(summary.variants, 2);
  EXPECT_EQ(summary.seeds, 2);

  std::optional<SweepRecord> sweep = store.FindSweep("paper");
  ASSERT_TRUE(sweep.has_value());
  EXPECT_EQ(sweep->source, "imported");
  EXPECT_NE(sweep->spec_json.find("\"treatment\":\"review\""), std::string::npos);

  std::vector<RunRecord> runs = store.LoadRuns(sweep->sweep_id);
  ASSERT_EQ(runs.size(), 8u);
  // Configs are ordered by parameter count, not by file order.
  EXPECT_EQ(runs.front().config, "60M");
  EXPECT_EQ(runs.front().config_index, 0);
  EXPECT_EQ(runs.back().config, "1B");
  EXPECT_EQ(runs.back().config_index, 2);
  const RunRecord& first = runs.front();  // 60M highway seed 0 sorts first by variant.
  EXPECT_EQ(first.variant, "highway");
  EXPECT_EQ(first.status, RunStatus::kCompleted);
  EXPECT_EQ(first.params, 60680000);
  EXPECT_EQ(first.final_steps, 8000);
  ASSERT_TRUE(first.val_loss.has_value());
  EXPECT_DOUBLE_EQ(*first.val_loss, 1.698);
  ASSERT_TRUE(first.seconds.has_value());
  EXPECT_DOUBLE_EQ(*first.seconds, 7.3 * 60);
  EXPECT_EQ(runs[2].variant, "review");  // review_neutral is stored as review.
}

TEST(ResultsImport, GenericLayoutWithStatusAndQuotes) {
  Database db = Database::Open(TempDbPath("generic"));
  ResultsStore store(db);
  ImportSummary summary = store.Import(
      "mine",
      "\xEF\xBB\xBF" "variant,config,seed,params,val_loss,status,seconds\r\n"
      "review,\"tiny\",0,1.5e6,3.25,,12\r\n"
      "standard,tiny,0,1500000,3.5,completed,11.5\r\n"
      "standard,tiny,1,1500000,nan,diverged,\r\n"
      "review,tiny,1,1500000,,failed_to_train,\r\n"
      "\r\n");
  ASSERT_EQ(summary.outcome, ImportOutcome::kCreated) << summary.errors.front().message;
  EXPECT_EQ(summary.layout, "generic");
  EXPECT_EQ(summary.stored, 4);

  std::vector<RunRecord> runs = store.LoadRuns(store.FindSweep("mine")->sweep_id);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[0].variant, "review");
  EXPECT_EQ(runs[0].params, 1500000);
  EXPECT_EQ(runs[0].status, RunStatus::kCompleted);
  EXPECT_FALSE(runs[0].final_steps.has_value());
  EXPECT_EQ(runs[1].status, RunStatus::kFailedToTrain);
  EXPECT_FALSE(runs[1].val_loss.has_value());
  EXPECT_EQ(runs[3].status, RunStatus::kDiverged);
  EXPECT_FALSE(runs[3].val_loss.has_value());
}

struct BadFile {
  const char* name;
  std::string text;
  int line;
  const char* message_part;
};

class ResultsImportRejects : public ::testing::TestWithParam<BadFile> {};

TEST_P(ResultsImportRejects, BadFileLeavesDatabaseUnchanged) {
  const BadFile& bad = GetParam();
  Database db = Database::Open(TempDbPath(std::string("bad-") + bad.name));
  ResultsStore store(db);
  ASSERT_EQ(store.Import("kept", kPublished).outcome, ImportOutcome::kCreated);
  std::string before = DumpTables(db);

  ImportSummary summary = store.Import("new", bad.text);

  EXPECT_EQ(summary.outcome, ImportOutcome::kInvalid);
  EXPECT_EQ(summary.stored, 0);
  ASSERT_FALSE(summary.errors.empty());
  EXPECT_EQ(summary.errors.front().line, bad.line);
  EXPECT_NE(summary.errors.front().message.find(bad.message_part), std::string::npos)
      << summary.errors.front().message;
  EXPECT_EQ(DumpTables(db), before);
  EXPECT_FALSE(store.FindSweep("new").has_value());
}

const std::string kHeader = "config,variant,seed,params,val_loss\n";

INSTANTIATE_TEST_SUITE_P(
    ErrorClasses, ResultsImportRejects,
    ::testing::Values(
        BadFile{"empty", "", 0, "empty"},
        BadFile{"blank", "\n  \n", 0, "empty"},
        BadFile{"header_only", kHeader, 1, "no data rows"},
        BadFile{"bad_number", kHeader + "a,review,0,100,1.5\na,standard,0,100,1.5x\n", 3,
                "val_loss `1.5x` is not a number"},
        BadFile{"bad_seed", kHeader + "a,review,-1,100,1.5\n", 2, "seed `-1`"},
        BadFile{"bad_params", kHeader + "a,review,0,zero,1.5\n", 2, "params `zero`"},
        BadFile{"infinite_loss", kHeader + "a,review,0,100,inf\n", 2, "finite loss"},
        BadFile{"unknown_variant", kHeader + "a,review,0,100,1.5\na,gated,0,100,1.5\n", 3,
                "unknown variant `gated`"},
        BadFile{"duplicate", kHeader + "a,review,0,100,1.5\na,review_neutral,0,100,1.6\n", 3,
                "line 2 has the same"},
        BadFile{"missing_column", "config,variant,seed,val_loss\na,review,0,1.5\n", 1,
                "missing column `params`"},
        BadFile{"unknown_column", kHeader.substr(0, kHeader.size() - 1) + ",loss\n", 1,
                "unknown column `loss`"},
        BadFile{"no_layout", "name,variant\nx,review\n", 1, "neither `config`"},
        BadFile{"field_count", kHeader + "a,review,0,100\n", 2, "has 4 fields"},
        BadFile{"bad_config", kHeader + "a b,review,0,100,1.5\n", 2, "config `a b`"},
        BadFile{"bad_status", "config,variant,seed,params,val_loss,status\na,review,0,1,1,done\n",
                2, "status `done`"},
        BadFile{"unterminated_quote", kHeader + "\"a,review,0,100,1.5\n", 2, "unterminated"},
        BadFile{"non_utf8", kHeader + "a,review,0,100,1.5\nb\xC3\x28,review,0,100,1.5\n", 3,
                "invalid UTF-8 at byte 2"},
        BadFile{"overlong_utf8", kHeader + "\xC0\xAF,review,0,100,1.5\n", 2, "invalid UTF-8"}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return std::string(info.param.name); });

TEST(ResultsImport, ReportsEveryBadLine) {
  Database db = Database::Open(TempDbPath("every"));
  ResultsStore store(db);
  ImportSummary summary = store.Import("s", kHeader +
                                                "a,review,0,100,1.5\n"
                                                "a,review,x,100,1.5\n"
                                                "a,standard,0,100,1.5\n"
                                                "a,standard,1,-5,1.5\n"
                                                "a,nope,1,100,1.5\n");
  ASSERT_EQ(summary.errors.size(), 3u);
  EXPECT_EQ(summary.errors[0].line, 3);
  EXPECT_EQ(summary.errors[1].line, 5);
  EXPECT_EQ(summary.errors[2].line, 6);
  EXPECT_EQ(CountRows(db, "runs"), 0);
}

TEST(ResultsImport, SameFileAgainChangesNothing) {
  Database db = Database::Open(TempDbPath("again"));
  ResultsStore store(db);
  ASSERT_EQ(store.Import("paper", kPublished).outcome, ImportOutcome::kCreated);
  std::string before = DumpTables(db);

  ImportSummary again = store.Import("paper", kPublished);

  EXPECT_EQ(again.outcome, ImportOutcome::kUnchanged);
  EXPECT_TRUE(again.errors.empty());
  EXPECT_EQ(again.stored, 0);
  EXPECT_EQ(DumpTables(db), before);
}

TEST(ResultsImport, DifferentFileNamesFirstDifference) {
  Database db = Database::Open(TempDbPath("different"));
  ResultsStore store(db);
  ASSERT_EQ(store.Import("paper", kPublished).outcome, ImportOutcome::kCreated);
  std::string before = DumpTables(db);
  std::string changed = kPublished;
  changed.replace(changed.find("1.6938"), 6, "1.6939");

  ImportSummary summary = store.Import("paper", changed);

  EXPECT_EQ(summary.outcome, ImportOutcome::kConflict);
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_EQ(summary.errors[0].line, 5);
  EXPECT_NE(summary.errors[0].message.find("val_loss 1.6939"), std::string::npos)
      << summary.errors[0].message;
  EXPECT_EQ(DumpTables(db), before);
}

TEST(ResultsImport, FileMissingStoredRunIsConflict) {
  Database db = Database::Open(TempDbPath("missing-run"));
  ResultsStore store(db);
  ASSERT_EQ(store.Import("paper", kPublished).outcome, ImportOutcome::kCreated);
  std::string shorter = kPublished;
  shorter.erase(shorter.rfind("150M,highway"));

  ImportSummary summary = store.Import("paper", shorter);

  EXPECT_EQ(summary.outcome, ImportOutcome::kConflict);
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_NE(summary.errors[0].message.find("config 150M, variant highway, seed 0"),
            std::string::npos)
      << summary.errors[0].message;
  EXPECT_EQ(CountRows(db, "runs"), 8);
}

TEST(ResultsImport, SubmittedSweepNameIsConflict) {
  Database db = Database::Open(TempDbPath("submitted"));
  db.Exec("INSERT INTO sweeps(name, spec_json, created_unix_ms) VALUES ('taken', '{}', 0)");
  ResultsStore store(db);

  ImportSummary summary = store.Import("taken", kPublished);

  EXPECT_EQ(summary.outcome, ImportOutcome::kConflict);
  ASSERT_FALSE(summary.errors.empty());
  EXPECT_NE(summary.errors[0].message.find("submitted"), std::string::npos);
  EXPECT_EQ(CountRows(db, "runs"), 0);
}

TEST(ResultsImport, InvalidSweepNameThrows) {
  Database db = Database::Open(TempDbPath("name"));
  ResultsStore store(db);
  EXPECT_THROW(store.Import("", kPublished), std::invalid_argument);
  EXPECT_THROW(store.Import("has space", kPublished), std::invalid_argument);
  EXPECT_EQ(CountRows(db, "sweeps"), 0);
}

}  // namespace
}  // namespace reslab::db
