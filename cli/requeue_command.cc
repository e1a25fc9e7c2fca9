// `reslab requeue SWEEP`: queues the failed and cancelled runs of a sweep again.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/client.h"
#include "cli/command.h"

namespace reslab::cli {
namespace {

struct RequeueFlags {
  ClientOptions client;
  std::string sweep;
};

int RunRequeue(const RequeueFlags& flags) {
  Client client(flags.client);
  v1::RequeueFailedRequest request;
  request.set_name(flags.sweep);
  grpc::ClientContext context;
  client.Prepare(context);
  v1::RequeueFailedResponse response;
  grpc::Status status = client.stub().RequeueFailed(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("requeueing sweep '" + flags.sweep + "'", status, client.address());
  }
  std::cout << "requeued " << response.requeued_runs() << " runs of sweep " << flags.sweep << "\n";
  return kExitOk;
}

void InstallRequeue(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RequeueFlags>();
  CLI::App* command =
      app.add_subcommand("requeue", "Queue the failed and cancelled runs of a sweep again");
  command->add_option("SWEEP", flags->sweep, "Sweep name")->required();
  AddClientOptions(*command, flags->client);
  command->footer(
      "Each requeued run gets a fresh attempt budget. Results (completed, diverged, "
      "failed_to_train) are never rerun. Exit codes: 0 requeued (possibly none), 3 no such sweep, "
      "4 orchestrator "
      "unreachable.");
  command->callback([flags, exit_code] {
    try {
      *exit_code = RunRequeue(*flags);
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    }
  });
}

RESLAB_REGISTER_COMMAND(60, InstallRequeue);

}  // namespace
}  // namespace reslab::cli
