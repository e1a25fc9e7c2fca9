// `reslab import` and `reslab report` run in-process: on a database file with no server, and
// through a real orchestrator on 127.0.0.1 serving ReportService.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "db/database.h"
#include "orchestrator/report_service.h"
#include "orchestrator/server.h"

namespace reslab::cli {
namespace {

namespace fs = std::filesystem;

const char kReferenceCsv[] = RESLAB_SOURCE_DIR "/../shared/reference/review-residuals-scaling_v8.csv";

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

double Round(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

class ReportCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("reslab-report-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_path_ = (dir_ / "reslab.db").string();
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    server_.reset();
    report_service_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void StartServer() {
    orchestrator::ServerOptions options;
    options.db_path = db_path_;
    options.listen_address = "127.0.0.1:0";
    server_ = std::make_unique<orchestrator::Server>(options);
    report_service_ = std::make_unique<orchestrator::ReportServiceImpl>(server_->store(),
                                                                       server_->auth());
    server_->AddService(report_service_.get());
    server_->Start();
  }

  // Parses and runs `reslab ARGS` and returns the exit code.
  int Run(const std::vector<std::string>& args) {
    CLI::App app{"reslab"};
    app.require_subcommand(1);
    int exit_code = kExitOk;
    InstallCommands(app, &exit_code);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& error) {
      return app.exit(error) == 0 ? kExitOk : kExitInvalidInput;
    }
    return exit_code;
  }

  std::string WriteCsv(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // Runs `reslab report SWEEP ARGS --out FILE` and returns the file's contents.
  std::string Report(const std::string& sweep, std::vector<std::string> args, int* code) {
    std::string out = (dir_ / ("report-" + std::to_string(reports_++))).string();
    args.insert(args.begin(), {"report", sweep, "--out", out});
    *code = Run(args);
    return ReadFile(out);
  }

  int64_t CountRuns() {
    db::Database db = db::Database::OpenReadOnly(db_path_);
    db::Statement stmt = db.Prepare("SELECT count(*) FROM runs");
    stmt.Step();
    return stmt.ColumnInt(0);
  }

  const nlohmann::json* FindComparison(const nlohmann::json& report, const std::string& config,
                                       const std::string& baseline) {
    for (const auto& comparison : report.at("comparisons")) {
      if (comparison.at("config") == config && comparison.at("baseline") == baseline) {
        return &comparison;
      }
    }
    ADD_FAILURE() << "no comparison " << config << " vs " << baseline;
    return nullptr;
  }

  fs::path dir_;
  std::string db_path_;
  std::unique_ptr<orchestrator::Server> server_;
  std::unique_ptr<orchestrator::ReportServiceImpl> report_service_;
  int reports_ = 0;
};

// Means per variant at 590M, and the Welch t of baseline minus Review at 590M and 1B, as the
// Review Residuals paper (arXiv 2606.31859) publishes them.
TEST_F(ReportCommandsTest, ReferenceReproducesPublishedNumbers) {
  if (!fs::exists(kReferenceCsv)) {
    if (std::getenv("CI") != nullptr) FAIL() << "reference CSV missing: " << kReferenceCsv;
    GTEST_SKIP() << "reference CSV missing: " << kReferenceCsv;
  }
  ASSERT_EQ(Run({"import", kReferenceCsv, "--sweep", "paper", "--db", db_path_}), kExitOk);

  int code = -1;
  nlohmann::json report =
      nlohmann::json::parse(Report("paper", {"--format", "json", "--db", db_path_}, &code));
  ASSERT_EQ(code, kExitOk);

  const nlohmann::json* config_590m = nullptr;
  for (const auto& config : report.at("configs")) {
    if (config.at("config") == "590M") config_590m = &config;
  }
  ASSERT_NE(config_590m, nullptr);
  std::map<std::string, double> means;
  for (const auto& variant : config_590m->at("variants")) {
    EXPECT_EQ(variant.at("n"), 3);
    means[variant.at("variant")] = variant.at("mean_loss").get<double>();
  }
  EXPECT_DOUBLE_EQ(Round(means["review"], 4), 1.4795);
  EXPECT_DOUBLE_EQ(Round(means["highway"], 4), 1.4889);
  EXPECT_DOUBLE_EQ(Round(means["standard"], 4), 1.4901);

  struct PublishedWelch {
    const char* config;
    const char* baseline;
    double t;
  };
  for (const PublishedWelch& published : {PublishedWelch{"590M", "highway", 3.3},
                                          PublishedWelch{"590M", "standard", 3.7},
                                          PublishedWelch{"1B", "highway", 2.3},
                                          PublishedWelch{"1B", "standard", 2.4}}) {
    const nlohmann::json* comparison =
        FindComparison(report, published.config, published.baseline);
    ASSERT_NE(comparison, nullptr);
    EXPECT_DOUBLE_EQ(Round(comparison->at("welch_t").get<double>(), 1), published.t)
        << published.config << " vs " << published.baseline;
    // The paired analysis sits beside the unpaired one.
    EXPECT_EQ(comparison->at("n_pairs"), 3);
    EXPECT_TRUE(comparison->at("paired_t").is_number());
    EXPECT_TRUE(comparison->at("paired_p").is_number());
    EXPECT_TRUE(comparison->at("cohens_dz").is_number());
  }

  std::string markdown = Report("paper", {"--db", db_path_}, &code);
  ASSERT_EQ(code, kExitOk);
  EXPECT_NE(markdown.find("| 590M | 589.28M | 1.4795 (n=3) | 1.4889 (n=3) | 1.4901 (n=3) |"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("paired t (df)"), std::string::npos);
  EXPECT_NE(markdown.find("Welch t (df)"), std::string::npos);
}

TEST_F(ReportCommandsTest, ReimportChangesNothing) {
  std::string csv = WriteCsv("runs.csv",
                             "config,variant,seed,params,val_loss\n"
                             "a,review,0,1000,2.0\na,standard,0,1100,2.1\n"
                             "a,review,1,1000,2.2\na,standard,1,1100,2.25\n");
  ASSERT_EQ(Run({"import", csv, "--sweep", "s", "--db", db_path_}), kExitOk);
  std::string before = ReadFile(db_path_);
  EXPECT_EQ(Run({"import", csv, "--sweep", "s", "--db", db_path_}), kExitOk);
  EXPECT_EQ(CountRuns(), 4);

  std::string changed = WriteCsv("changed.csv",
                                 "config,variant,seed,params,val_loss\n"
                                 "a,review,0,1000,2.0\na,standard,0,1100,2.1\n"
                                 "a,review,1,1000,2.2\na,standard,1,1100,2.3\n");
  EXPECT_EQ(Run({"import", changed, "--sweep", "s", "--db", db_path_}), kExitInvalidInput);
  EXPECT_EQ(CountRuns(), 4);
}

TEST_F(ReportCommandsTest, BadFileExitsInvalidInput) {
  std::string csv = WriteCsv("bad.csv",
                             "config,variant,seed,params,val_loss\n"
                             "a,review,0,1000,2.0\na,unknown,0,1100,2.1\n");
  EXPECT_EQ(Run({"import", csv, "--sweep", "s", "--db", db_path_}), kExitInvalidInput);
  EXPECT_EQ(CountRuns(), 0);
  EXPECT_EQ(Run({"import", (dir_ / "missing.csv").string(), "--sweep", "s", "--db", db_path_}),
            kExitInvalidInput);
}

TEST_F(ReportCommandsTest, ReportExitCodes) {
  int code = -1;
  Report("nothing", {"--db", db_path_}, &code);
  EXPECT_EQ(code, kExitNotFound);  // No database file yet.

  std::string csv = WriteCsv("runs.csv",
                             "config,variant,seed,params,val_loss\n"
                             "a,review,0,1000,2.0\na,standard,0,1100,2.1\n");
  ASSERT_EQ(Run({"import", csv, "--sweep", "s", "--db", db_path_}), kExitOk);
  Report("other", {"--db", db_path_}, &code);
  EXPECT_EQ(code, kExitNotFound);
  Report("s", {"--db", db_path_, "--treatment", "highway"}, &code);
  EXPECT_EQ(code, kExitInvalidInput);
  Report("s", {"--db", db_path_, "--format", "html"}, &code);
  EXPECT_EQ(code, kExitInvalidInput);
  Report("s", {"--db", db_path_, "--plot", (dir_ / "gap.pdf").string()}, &code);
  EXPECT_EQ(code, kExitInvalidInput);
}

TEST_F(ReportCommandsTest, OrchestratorReturnsSameReport) {
  StartServer();
  std::string address = server_->address();
  std::string csv = WriteCsv("runs.csv",
                             "config,variant,seed,params,val_loss\n"
                             "s,review,0,1e6,3.00\ns,standard,0,1.1e6,3.02\ns,highway,0,1.2e6,3.01\n"
                             "s,review,1,1e6,3.10\ns,standard,1,1.1e6,3.11\ns,highway,1,1.2e6,3.12\n"
                             "s,review,2,1e6,3.05\ns,standard,2,1.1e6,3.08\ns,highway,2,1.2e6,3.05\n"
                             "l,review,0,1e8,2.50\nl,standard,0,1.1e8,2.55\nl,highway,0,1.2e8,2.53\n"
                             "l,review,1,1e8,2.60\nl,standard,1,1.1e8,2.64\nl,highway,1,1.2e8,2.66\n"
                             "l,review,2,1e8,2.55\nl,standard,2,1.1e8,2.61\nl,highway,2,1.2e8,2.58\n");
  ASSERT_EQ(Run({"import", csv, "--sweep", "grid", "--orchestrator", address}), kExitOk);
  EXPECT_EQ(Run({"import", csv, "--sweep", "grid", "--orchestrator", address}), kExitOk);
  EXPECT_EQ(CountRuns(), 18);

  for (const char* format : {"md", "json", "csv", "latex"}) {
    int remote_code = -1;
    int local_code = -1;
    std::string remote = Report("grid", {"--format", format, "--correction", "bh",
                                         "--baselines", "standard,highway",
                                         "--orchestrator", address},
                                &remote_code);
    std::string local = Report("grid", {"--format", format, "--correction", "bh",
                                        "--baselines", "standard,highway", "--db", db_path_},
                               &local_code);
    EXPECT_EQ(remote_code, kExitOk) << format;
    EXPECT_EQ(local_code, kExitOk) << format;
    EXPECT_FALSE(remote.empty()) << format;
    EXPECT_EQ(remote, local) << format;
  }

  int code = -1;
  std::string plot = (dir_ / "gap.svg").string();
  Report("grid", {"--plot", plot, "--orchestrator", address}, &code);
  EXPECT_EQ(code, kExitOk);
  EXPECT_NE(ReadFile(plot).find("<svg"), std::string::npos);

  Report("missing", {"--orchestrator", address}, &code);
  EXPECT_EQ(code, kExitNotFound);
  std::string bad = WriteCsv("bad.csv", "config,variant,seed,params,val_loss\nx,review,0,1,nan\n");
  EXPECT_EQ(Run({"import", bad, "--sweep", "bad", "--orchestrator", address}), kExitInvalidInput);
  std::string other = WriteCsv("other.csv", "config,variant,seed,params,val_loss\nx,review,0,1,1\n");
  EXPECT_EQ(Run({"import", other, "--sweep", "grid", "--orchestrator", address}),
            kExitInvalidInput);
  EXPECT_EQ(CountRuns(), 18);
}

}  // namespace
}  // namespace reslab::cli
