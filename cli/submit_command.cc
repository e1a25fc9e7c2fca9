// `reslab submit FILE`: validates a sweep file locally and submits it to the orchestrator.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/client.h"
#include "cli/command.h"
#include "orchestrator/errors.h"
#include "orchestrator/sweep_json.h"

namespace reslab::cli {
namespace {

struct SubmitFlags {
  ClientOptions client;
  std::string file;
};

int RunSubmit(const SubmitFlags& flags) {
  v1::SubmitSweepRequest request;
  try {
    *request.mutable_spec() = orchestrator::ReadSweepFile(flags.file);
  } catch (const orchestrator::OrchestratorError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kExitInvalidInput;
  }

  Client client(flags.client);
  grpc::ClientContext context;
  client.Prepare(context);
  v1::SubmitSweepResponse response;
  grpc::Status status = client.stub().SubmitSweep(&context, request, &response);
  if (!status.ok()) {
    return ReportRpcError("submitting sweep '" + request.spec().name() + "'", status,
                          client.address());
  }
  const v1::Sweep& sweep = response.sweep();
  if (response.created()) {
    std::cout << "submitted sweep " << sweep.name() << ": " << sweep.counts().total()
              << " runs queued\n";
  } else {
    std::cout << "sweep " << sweep.name() << " was already submitted with this spec ("
              << sweep.counts().total() << " runs); nothing changed\n";
  }
  std::cout << "follow it with: reslab status " << sweep.name() << " --watch\n";
  return kExitOk;
}

void InstallSubmit(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SubmitFlags>();
  CLI::App* command = app.add_subcommand(
      "submit", "Submit a sweep file (the JSON form of SweepSpec) to the orchestrator");
  command->add_option("FILE", flags->file, "Sweep file (JSON)")->required();
  AddClientOptions(*command, flags->client);
  command->footer(
      "Resubmitting an identical sweep changes nothing; a different spec under the same name "
      "is rejected. Exit codes: 0 submitted or already present, 2 invalid sweep file or name taken "
      "by a "
      "different spec, 4 orchestrator unreachable, 1 other errors.");
  command->callback([flags, exit_code] {
    try {
      *exit_code = RunSubmit(*flags);
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      *exit_code = kExitInvalidInput;
    }
  });
}

RESLAB_REGISTER_COMMAND(20, InstallSubmit);

}  // namespace
}  // namespace reslab::cli
