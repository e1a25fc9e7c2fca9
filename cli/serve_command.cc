// `reslab serve`: runs the orchestrator until SIGINT or SIGTERM.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <ctime>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "orchestrator/report_service.h"
#include "orchestrator/server.h"

namespace reslab::cli {
namespace {

struct ServeArgs {
  std::string db_path = "reslab.db";
  std::string listen = "127.0.0.1:50051";
  double lease_ttl_seconds = 60;
  double heartbeat_seconds = 5;
  int64_t max_runs = orchestrator::kDefaultMaxRuns;
  std::string token_file;
};

// Reads the bearer token: the file's content without surrounding whitespace.
std::string ReadToken(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read token file " + path);
  std::stringstream text;
  text << file.rdbuf();
  std::string token = text.str();
  const char* space = " \t\r\n";
  size_t begin = token.find_first_not_of(space);
  if (begin == std::string::npos) throw std::runtime_error("token file " + path + " is empty");
  size_t end = token.find_last_not_of(space);
  return token.substr(begin, end - begin + 1);
}

int Serve(const ServeArgs& args) {
  orchestrator::ServerOptions options;
  options.db_path = args.db_path;
  options.listen_address = args.listen;
  options.lease_ttl =
      std::chrono::milliseconds(static_cast<int64_t>(args.lease_ttl_seconds * 1000));
  options.heartbeat_interval =
      std::chrono::milliseconds(static_cast<int64_t>(args.heartbeat_seconds * 1000));
  options.max_runs = args.max_runs;
  if (options.heartbeat_interval >= options.lease_ttl) {
    spdlog::error("--heartbeat {} s must be shorter than --lease-ttl {} s", args.heartbeat_seconds,
                  args.lease_ttl_seconds);
    return kExitInvalidInput;
  }
  try {
    if (!args.token_file.empty()) options.bearer_token = ReadToken(args.token_file);
  } catch (const std::exception& error) {
    spdlog::error("{}", error.what());
    return kExitInvalidInput;
  }

  // Block the stop signals before any gRPC thread starts, so that only sigtimedwait receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    orchestrator::Server server(options);
    orchestrator::ReportServiceImpl report_service(server.store(), server.auth());
    server.AddService(&report_service);
    server.Start();
    int signal_number = -1;
    while (signal_number < 0) {
      timespec timeout{1, 0};
      signal_number = sigtimedwait(&stop_signals, nullptr, &timeout);
      if (signal_number < 0 && errno != EAGAIN && errno != EINTR) {
        spdlog::error("waiting for a stop signal failed: errno {}", errno);
        break;
      }
    }
    spdlog::info("received {}; stopping", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    server.Shutdown();
  } catch (const std::exception& error) {
    spdlog::error("orchestrator failed: {}", error.what());
    return kExitFailure;
  }
  return kExitOk;
}

void Install(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* command = app.add_subcommand(
      "serve", "Run the orchestrator: store sweeps in SQLite and lease runs to workers over gRPC");
  command->add_option("--db", args->db_path, "SQLite database file, created when missing")
      ->capture_default_str();
  command->add_option("--listen", args->listen, "host:port to listen on; port 0 picks a free port")
      ->capture_default_str();
  command
      ->add_option("--lease-ttl", args->lease_ttl_seconds,
                   "Seconds a lease lasts without a heartbeat before the run is requeued")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--heartbeat", args->heartbeat_seconds,
                   "Seconds between worker heartbeats, told to workers at registration")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--max-runs", args->max_runs,
                   "Largest sweep grid (configs x variants x seeds) accepted")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      ->add_option("--token-file", args->token_file,
                   "File with a bearer token that every client and worker must send")
      ->check(CLI::ExistingFile);
  command->callback([args, exit_code] { *exit_code = Serve(*args); });
}

}  // namespace

RESLAB_REGISTER_COMMAND(10, Install);

}  // namespace reslab::cli
