#include "tests/e2e/lab.h"

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace reslab::e2e {
namespace {

namespace fs = std::filesystem;

// Asks the OS for a free port on 127.0.0.1. The port is released before the server binds it,
// which leaves a short window for another process to take it.
int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind a free port on 127.0.0.1");
  }
  int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

std::string MakeTempDir() {
  std::string pattern = (fs::temp_directory_path() / "reslab-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string FormatSeconds(double value) { return std::to_string(value); }

std::string Tail(const std::string& text, size_t max_chars) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

}  // namespace

bool WaitUntil(const std::function<bool()>& condition, milliseconds timeout, milliseconds poll) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll);
  }
}

Lab::Lab() : dir_(MakeTempDir()) {
  db_path_ = dir_ + "/reslab.db";
  address_ = "127.0.0.1:" + std::to_string(FreeLoopbackPort());
  fs::create_directories(dir_ + "/corpus");
  fs::path source = fs::path(RESLAB_SOURCE_DIR) / "data" / "sotu";
  for (const char* name : {"1790_george_washington_n.txt", "1791_george_washington_n.txt"}) {
    fs::copy_file(source / name, fs::path(dir_) / "corpus" / name);
  }
}

Lab::~Lab() {
  bool failed = ::testing::Test::HasFailure();
  for (auto& process : processes_) {
    if (process->Running()) {
      process->Signal(SIGKILL);
      process->Wait(seconds(10));
    }
    if (failed) {
      std::cerr << "---- " << process->log_path() << " ----\n"
                << Tail(process->Log(), 6000) << "\n";
    }
  }
  processes_.clear();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

ChildProcess& Lab::StartServe(double lease_ttl_seconds, double heartbeat_seconds) {
  std::string log = dir_ + "/serve-" + std::to_string(++log_counter_) + ".log";
  processes_.push_back(std::make_unique<ChildProcess>(
      std::vector<std::string>{RESLAB_BIN, "serve", "--db", db_path_, "--listen", address_,
                               "--lease-ttl", FormatSeconds(lease_ttl_seconds), "--heartbeat",
                               FormatSeconds(heartbeat_seconds)},
      log));
  ChildProcess& serve = *processes_.back();

  auto channel = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  bool up = channel->WaitForConnected(std::chrono::system_clock::now() + seconds(30));
  if (!up || !serve.Running()) {
    throw std::runtime_error("reslab serve did not come up on " + address_ + ":\n" + serve.Log());
  }
  return serve;
}

ChildProcess& Lab::StartWorker(const std::string& name, double exit_when_idle_seconds,
                               const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {RESLAB_WORKER_BIN,
                                   "--orchestrator",
                                   address_,
                                   "--device",
                                   "cpu",
                                   "--checkpoint-root",
                                   checkpoint_root(),
                                   "--cache-dir",
                                   dir_ + "/cache",
                                   "--exit-when-idle",
                                   FormatSeconds(exit_when_idle_seconds),
                                   "--threads",
                                   "1",
                                   "--blas-threads",
                                   "1"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  processes_.push_back(std::make_unique<ChildProcess>(argv, dir_ + "/worker-" + name + ".log"));
  return *processes_.back();
}

ChildProcess& Lab::StartReslab(const std::vector<std::string>& args, const std::string& name) {
  std::vector<std::string> argv = {RESLAB_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--orchestrator");
  argv.push_back(address_);
  processes_.push_back(std::make_unique<ChildProcess>(argv, dir_ + "/reslab-" + name + ".log"));
  return *processes_.back();
}

int Lab::Reslab(const std::vector<std::string>& args, std::string* output, milliseconds timeout) {
  std::vector<std::string> argv = {RESLAB_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--orchestrator");
  argv.push_back(address_);
  std::string log = dir_ + "/reslab-" + std::to_string(++log_counter_) + ".log";
  return RunCommand(argv, log, timeout, output);
}

nlohmann::json Lab::MicroSweep(const std::string& name, int steps,
                               const std::vector<int>& seeds) const {
  auto config = [steps](const char* config_name, int d_model, int n_layers) {
    return nlohmann::json{{"name", config_name}, {"d_model", d_model}, {"n_layers", n_layers},
                          {"n_heads", 2},        {"block_size", 32},   {"batch_size", 4},
                          {"steps", steps},      {"lr", 0.01},         {"warmup_steps", 2},
                          {"eval_windows", 4}};
  };
  return nlohmann::json{{"name", name},
                        {"configs", {config("tiny16", 16, 1), config("tiny32", 32, 2)}},
                        {"variants", {"standard", "review"}},
                        {"seeds", seeds},
                        {"data", {{"corpus", dir_ + "/corpus"}, {"tokenizer", "byte"}}},
                        {"max_attempts", 3},
                        {"checkpoint_every", 10},
                        {"log_every", 2}};
}

int Lab::Submit(const nlohmann::json& spec, std::string* output) {
  std::string path = dir_ + "/" + spec.at("name").get<std::string>() + ".json";
  std::ofstream(path) << spec.dump(2);
  return Reslab({"submit", path}, output);
}

std::vector<std::vector<std::string>> QueryRows(const std::string& db_path,
                                                const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path + ": " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("cannot prepare '" + sql + "': " + message);
  }
  std::vector<std::vector<std::string>> rows;
  int code;
  while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
    std::vector<std::string>& row = rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const unsigned char* text = sqlite3_column_text(statement, i);
      row.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
  }
  std::string message = sqlite3_errmsg(db);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  if (code != SQLITE_DONE) throw std::runtime_error("query '" + sql + "' failed: " + message);
  return rows;
}

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  auto rows = QueryRows(db_path, sql);
  if (rows.empty() || rows[0].empty() || rows[0][0] == "NULL") {
    throw std::runtime_error("query '" + sql + "' returned no value");
  }
  return std::stoll(rows[0][0]);
}

}  // namespace reslab::e2e
