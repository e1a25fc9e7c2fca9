// `reslab cancel SWEEP`: cancels the queued runs of a sweep and stops its running ones.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/client.h"
#include "cli/command.h"

namespace reslab::cli {
namespace {

struct CancelFlags {
  ClientOptions client;
  std::string sweep;
};

int RunCancel(const CancelFlags& flags) {
  Client client(flags.client);
  v1::CancelSweepRequest request;
  request.set_name(flags.sweep);
  grpc::ClientContext context;
  client.Prepare(context);
  v1::CancelSweepResponse response;
  grpc::Status status = client.stub().CancelSweep(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("cancelling sweep '" + flags.sweep + "'", status, client.address());
  }
  std::cout << "cancelled sweep " << flags.sweep << ": " << response.cancelled_runs()
            << " queued runs cancelled, " << response.running_runs()
            << " running runs stop at their next heartbeat\n";
  return kExitOk;
}

void InstallCancel(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<CancelFlags>();
  CLI::App* command =
      app.add_subcommand("cancel", "Cancel a sweep's queued runs and stop its running ones");
  command->add_option("SWEEP", flags->sweep, "Sweep name")->required();
  AddClientOptions(*command, flags->client);
  command->footer(
      "Queued runs become cancelled and running workers stop at their next heartbeat. Finished "
      "results are kept; `reslab requeue` queues the cancelled runs again. "
      "Exit codes: 0 cancelled, 3 no such sweep, 4 orchestrator unreachable.");
  command->callback([flags, exit_code] {
    try {
      *exit_code = RunCancel(*flags);
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    }
  });
}

RESLAB_REGISTER_COMMAND(50, InstallCancel);

}  // namespace
}  // namespace reslab::cli
