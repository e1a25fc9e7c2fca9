// `reslab runs SWEEP`: lists the runs of a sweep as a table, CSV or JSON.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <vector>

#include "cli/client.h"
#include "cli/command.h"
#include "cli/run_view.h"

namespace reslab::cli {
namespace {

struct RunsFlags {
  ClientOptions client;
  std::string sweep;
  std::string format = "table";
  std::string status;
  std::string config;
  std::string variant;
};

int RunRuns(const RunsFlags& flags) {
  v1::ListRunsRequest request;
  request.set_sweep(flags.sweep);
  request.set_config(flags.config);
  request.set_variant(flags.variant);
  if (!flags.status.empty()) {
    try {
      request.set_status(ParseRunStatus(flags.status));
    } catch (const std::invalid_argument& error) {
      std::cerr << "error: --status: " << error.what() << "\n";
      return kExitInvalidInput;
    }
  }

  Client client(flags.client);
  grpc::ClientContext context;
  client.Prepare(context);
  v1::ListRunsResponse response;
  grpc::Status status = client.stub().ListRuns(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("listing runs of sweep '" + flags.sweep + "'", status, client.address());
  }
  std::vector<v1::Run> runs(response.runs().begin(), response.runs().end());
  if (flags.format == "csv") {
    std::cout << RenderRunsCsv(runs);
  } else if (flags.format == "json") {
    std::cout << RenderRunsJson(runs);
  } else {
    std::cout << RenderRunsTable(runs);
  }
  return kExitOk;
}

void InstallRuns(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RunsFlags>();
  CLI::App* command = app.add_subcommand(
      "runs", "List the runs of a sweep with their status, attempts and results.");
  command->add_option("SWEEP", flags->sweep, "Sweep name")->required();
  command->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  command->add_option("--status", flags->status,
                      "Only runs with this status: queued, running, completed, diverged, "
                      "failed_to_train, failed or cancelled");
  command->add_option("--config", flags->config, "Only runs of this model config");
  command->add_option("--variant", flags->variant, "Only runs of this residual variant");
  AddClientOptions(*command, flags->client);
  command->footer(
      "CSV and JSON hold every field (JSON uses the Run message's field names). Exit codes: 0 "
      "listed, 2 invalid filter, 3 no such sweep, 4 orchestrator unreachable.");
  command->callback([flags, exit_code] {
    try {
      *exit_code = RunRuns(*flags);
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    }
  });
}

RESLAB_REGISTER_COMMAND(40, InstallRuns);

}  // namespace
}  // namespace reslab::cli
