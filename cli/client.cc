#include "cli/client.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/command.h"
#include "proto/client_channel.h"

namespace reslab::cli {

void AddClientOptions(CLI::App& command, ClientOptions& options) {
  command.add_option("--orchestrator", options.orchestrator, "HOST:PORT of the orchestrator")
      ->envname("RESLAB_ORCHESTRATOR")
      ->capture_default_str();
  command
      .add_option("--token-file", options.token_file,
                  "File holding the bearer token the orchestrator requires")
      ->envname("RESLAB_TOKEN_FILE");
}

Client::Client(const ClientOptions& options)
    : address_(options.orchestrator),
      stub_(v1::ClientService::NewStub(rpc::CreateOrchestratorChannel(options.orchestrator))) {
  if (!options.token_file.empty()) token_ = rpc::ReadTokenFile(options.token_file);
}

void Client::Prepare(grpc::ClientContext& context, std::chrono::milliseconds timeout) const {
  rpc::PrepareContext(context, token_, timeout);
}

int ExitCodeFor(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::OUT_OF_RANGE:
      return kExitInvalidInput;
    case grpc::StatusCode::NOT_FOUND:
      return kExitNotFound;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    case grpc::StatusCode::CANCELLED:
      return kExitInterrupted;
    default:
      return kExitFailure;
  }
}

int ReportRpcError(const std::string& what, const grpc::Status& status,
                   const std::string& address) {
  int code = ExitCodeFor(status);
  std::cerr << "error: " << what << ": " << status.error_message() << "\n";
  if (code == kExitUnavailable) {
    std::cerr << "hint: is `reslab serve` running at " << address
              << "? Set --orchestrator or RESLAB_ORCHESTRATOR.\n";
  } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    std::cerr << "hint: pass the orchestrator's token with --token-file.\n";
  }
  return code;
}

}  // namespace reslab::cli
