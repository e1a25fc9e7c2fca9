// The client commands parsed and run in-process against a real orchestrator on 127.0.0.1 with
// a SQLite file in a temporary folder. Checks exit codes and the stored sweeps afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "orchestrator/server.h"

namespace reslab::cli {
namespace {

namespace fs = std::filesystem;

class ClientCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("reslab-cli-test-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    orchestrator::ServerOptions options;
    options.db_path = (dir_ / "reslab.db").string();
    options.listen_address = "127.0.0.1:0";
    server_ = std::make_unique<orchestrator::Server>(options);
    server_->Start();
  }

  void TearDown() override {
    server_->Shutdown();
    server_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Parses and runs `reslab ARGS --orchestrator <server>` and returns the exit code.
  int Run(std::vector<std::string> args, bool add_address = true) {
    if (add_address) {
      args.push_back("--orchestrator");
      args.push_back(server_->address());
    }
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

  std::string WriteSweep(const nlohmann::json& spec) {
    fs::path path = dir_ / (spec.value("name", std::string("unnamed")) + ".json");
    std::ofstream(path) << spec.dump(2);
    return path.string();
  }

  nlohmann::json Sweep(const std::string& name) {
    return {{"name", name},
            {"configs",
             {{{"name", "tiny"}, {"d_model", 16}, {"n_layers", 1}, {"n_heads", 2}, {"steps", 10}}}},
            {"variants", {"standard", "review"}},
            {"seeds", {1, 2, 3}},
            {"data", {{"corpus", (dir_ / "corpus.txt").string()}, {"tokenizer", "byte"}}}};
  }

  int64_t CountRuns(const std::string& status) {
    v1::ListRunsRequest request;
    request.set_sweep("grid");
    int64_t count = 0;
    v1::ListRunsResponse response = server_->sweeps().ListRuns(request);
    for (const v1::Run& run : response.runs()) {
      if (v1::RunStatus_Name(run.status()) == status) ++count;
    }
    return count;
  }

  fs::path dir_;
  std::unique_ptr<orchestrator::Server> server_;
};

TEST_F(ClientCommandsTest, SubmitStoresSweepOnce) {
  std::string file = WriteSweep(Sweep("grid"));
  EXPECT_EQ(Run({"submit", file}), kExitOk);
  EXPECT_EQ(Run({"submit", file}), kExitOk);
  EXPECT_EQ(CountRuns("RUN_STATUS_QUEUED"), 6);
}

TEST_F(ClientCommandsTest, SubmitRejectsDifferentSpecUnderSameName) {
  EXPECT_EQ(Run({"submit", WriteSweep(Sweep("grid"))}), kExitOk);
  nlohmann::json changed = Sweep("grid");
  changed["seeds"] = {1, 2};
  EXPECT_EQ(Run({"submit", WriteSweep(changed)}), kExitInvalidInput);
  EXPECT_EQ(CountRuns("RUN_STATUS_QUEUED"), 6);
}

TEST_F(ClientCommandsTest, SubmitRejectsInvalidFiles) {
  nlohmann::json misspelt = Sweep("typo");
  misspelt["seedz"] = {1};
  EXPECT_EQ(Run({"submit", WriteSweep(misspelt)}), kExitInvalidInput);
  nlohmann::json no_seeds = Sweep("noseeds");
  no_seeds["seeds"] = nlohmann::json::array();
  EXPECT_EQ(Run({"submit", WriteSweep(no_seeds)}), kExitInvalidInput);
  EXPECT_EQ(Run({"submit", (dir_ / "missing.json").string()}), kExitInvalidInput);
  EXPECT_TRUE(server_->sweeps().List().empty());
}

TEST_F(ClientCommandsTest, CancelThenRequeue) {
  ASSERT_EQ(Run({"submit", WriteSweep(Sweep("grid"))}), kExitOk);
  EXPECT_EQ(Run({"cancel", "grid"}), kExitOk);
  EXPECT_EQ(CountRuns("RUN_STATUS_CANCELLED"), 6);
  EXPECT_EQ(Run({"requeue", "grid"}), kExitOk);
  EXPECT_EQ(CountRuns("RUN_STATUS_QUEUED"), 6);
}

TEST_F(ClientCommandsTest, ListingCommandsSucceed) {
  ASSERT_EQ(Run({"submit", WriteSweep(Sweep("grid"))}), kExitOk);
  EXPECT_EQ(Run({"status"}), kExitOk);
  EXPECT_EQ(Run({"status", "grid"}), kExitOk);
  for (const char* format : {"table", "csv", "json"}) {
    EXPECT_EQ(Run({"runs", "grid", "--format", format}), kExitOk) << format;
  }
  EXPECT_EQ(Run({"runs", "grid", "--status", "queued", "--variant", "review"}), kExitOk);
}

TEST_F(ClientCommandsTest, ExitCodesNameTheProblem) {
  EXPECT_EQ(Run({"status", "nope"}), kExitNotFound);
  EXPECT_EQ(Run({"runs", "nope"}), kExitNotFound);
  EXPECT_EQ(Run({"cancel", "nope"}), kExitNotFound);
  EXPECT_EQ(Run({"requeue", "nope"}), kExitNotFound);
  EXPECT_EQ(Run({"runs", "nope", "--status", "done"}), kExitInvalidInput);
  EXPECT_EQ(Run({"runs", "nope", "--format", "xml"}), kExitInvalidInput);
  EXPECT_EQ(Run({"status", "--watch"}), kExitInvalidInput);
  EXPECT_EQ(Run({"status", "--token-file", (dir_ / "missing-token").string()}), kExitInvalidInput);
}

TEST_F(ClientCommandsTest, UnreachableOrchestratorIsExitCodeFour) {
  // A port the OS just handed out and that was closed again has no listener.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  std::string closed = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  EXPECT_EQ(Run({"status", "--orchestrator", closed}, false), kExitUnavailable);
}

}  // namespace
}  // namespace reslab::cli
