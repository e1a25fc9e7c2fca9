// `reslab status [SWEEP] [--watch]`: progress of every sweep, or of every run of one sweep.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "cli/client.h"
#include "cli/command.h"
#include "cli/run_view.h"

namespace reslab::cli {
namespace {

using std::chrono::steady_clock;

struct StatusFlags {
  ClientOptions client;
  std::string sweep;
  bool watch = false;
};

std::atomic<int> g_interrupted{0};

void HandleInterrupt(int signal_number) { g_interrupted.store(signal_number); }

int ShowSweeps(Client& client) {
  grpc::ClientContext context;
  client.Prepare(context);
  v1::ListSweepsResponse response;
  grpc::Status status = client.stub().ListSweeps(&context, v1::ListSweepsRequest(), &response);
  if (!status.ok()) return ReportRpcError("listing sweeps", status, client.address());
  if (response.sweeps().empty()) {
    std::cout << "no sweeps; submit one with `reslab submit FILE`\n";
    return kExitOk;
  }
  std::vector<v1::Sweep> sweeps(response.sweeps().begin(), response.sweeps().end());
  std::cout << RenderSweepsTable(sweeps);
  return kExitOk;
}

grpc::Status FetchSweep(Client& client, const std::string& name, v1::Sweep* sweep) {
  grpc::ClientContext context;
  client.Prepare(context);
  v1::GetSweepRequest request;
  request.set_name(name);
  return client.stub().GetSweep(&context, request, sweep);
}

int ShowSweep(Client& client, const std::string& name) {
  v1::Sweep sweep;
  grpc::Status status = FetchSweep(client, name, &sweep);
  if (!status.ok()) return ReportRpcError("reading sweep '" + name + "'", status, client.address());

  grpc::ClientContext context;
  client.Prepare(context);
  v1::ListRunsRequest request;
  request.set_sweep(name);
  v1::ListRunsResponse response;
  status = client.stub().ListRuns(&context, request, &response);
  if (!status.ok())
    return ReportRpcError("listing runs of '" + name + "'", status, client.address());

  std::vector<v1::Run> runs(response.runs().begin(), response.runs().end());
  std::cout << "sweep " << name << (sweep.cancelled() ? " (cancelled)" : "") << ": "
            << RenderCountsLine(runs) << "\n"
            << RenderProgressTable(runs, sweep.spec());
  return kExitOk;
}

std::string EventLine(const v1::RunEvent& event) {
  std::time_t seconds = static_cast<std::time_t>(event.unix_ms() / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char clock[16];
  std::strftime(clock, sizeof(clock), "%H:%M:%S", &local);
  const v1::Run& run = event.run();
  return std::string(clock) + " run " + std::to_string(run.run_id()) + " (" + run.config() + " " +
         run.variant() + " seed " + std::to_string(run.seed()) + ") " + event.kind() + ": " +
         RunStatusName(run.status()) + ", step " + std::to_string(run.step()) + "/" +
         std::to_string(run.steps());
}

// Follows WatchSweep until the stream ends (the sweep finished) or SIGINT arrives. On a
// terminal the table is redrawn in place; otherwise each change is one line.
int WatchSweep(Client& client, const std::string& name) {
  v1::Sweep sweep;
  grpc::Status status = FetchSweep(client, name, &sweep);
  if (!status.ok()) return ReportRpcError("reading sweep '" + name + "'", status, client.address());

  struct sigaction action {};
  action.sa_handler = HandleInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  grpc::ClientContext context;
  // The stream lives as long as the sweep; only the token is needed, no deadline.
  client.Prepare(context, std::chrono::hours(24 * 365));
  v1::WatchSweepRequest request;
  request.set_name(name);
  std::unique_ptr<grpc::ClientReader<v1::RunEvent>> reader =
      client.stub().WatchSweep(&context, request);

  // Cancels the stream on SIGINT; ends when the stream does.
  std::atomic<bool> stream_done{false};
  std::thread canceller([&] {
    while (!stream_done.load()) {
      if (g_interrupted.load() != 0) {
        context.TryCancel();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  const bool terminal = isatty(STDOUT_FILENO) != 0;
  std::map<int64_t, v1::Run> runs;
  auto render = [&] {
    std::vector<v1::Run> ordered;
    for (const auto& [id, run] : runs) ordered.push_back(run);
    return "sweep " + name + ": " + RenderCountsLine(ordered) + "\n" +
           RenderProgressTable(ordered, sweep.spec());
  };
  auto last_draw = steady_clock::now() - std::chrono::seconds(1);
  v1::RunEvent event;
  while (reader->Read(&event)) {
    runs[event.run().run_id()] = event.run();
    if (!terminal) {
      if (event.kind() != "snapshot") std::cout << EventLine(event) << std::endl;
      continue;
    }
    if (steady_clock::now() - last_draw >= std::chrono::milliseconds(200)) {
      std::cout << "\033[H\033[2J" << render() << std::flush;
      last_draw = steady_clock::now();
    }
  }
  status = reader->Finish();
  stream_done.store(true);
  canceller.join();

  if (terminal) std::cout << "\033[H\033[2J";
  std::cout << render();
  if (g_interrupted.load() != 0) return kExitInterrupted;
  if (!status.ok())
    return ReportRpcError("watching sweep '" + name + "'", status, client.address());
  return kExitOk;
}

void InstallStatus(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<StatusFlags>();
  CLI::App* command =
      app.add_subcommand("status", "Show the progress of every sweep, or of each run of one sweep");
  command->add_option("SWEEP", flags->sweep, "Sweep name; all sweeps when absent");
  command->add_flag("--watch", flags->watch,
                    "Follow SWEEP live until every run has finished (Ctrl-C stops watching)");
  AddClientOptions(*command, flags->client);
  command->footer(
      "With SWEEP, one row per run: a progress bar, the loss (validation loss once finished, "
      "else the latest training loss), tokens/s and ETA. Exit codes: 0 shown (with --watch: the "
      "sweep finished), 2 --watch without SWEEP, 3 no "
      "such sweep, 4 orchestrator unreachable, 130 interrupted.");
  command->callback([flags, exit_code] {
    try {
      if (flags->watch && flags->sweep.empty()) {
        std::cerr << "error: --watch needs a SWEEP name\n";
        *exit_code = kExitInvalidInput;
        return;
      }
      Client client(flags->client);
      if (flags->sweep.empty()) {
        *exit_code = ShowSweeps(client);
      } else if (flags->watch) {
        *exit_code = WatchSweep(client, flags->sweep);
      } else {
        *exit_code = ShowSweep(client, flags->sweep);
      }
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    }
  });
}

RESLAB_REGISTER_COMMAND(30, InstallStatus);

}  // namespace
}  // namespace reslab::cli
