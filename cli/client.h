// Shared parts of the client commands: the --orchestrator and --token-file options, the stub,
// the mapping from gRPC status to exit code, and error printing.
#ifndef RESLAB_CLI_CLIENT_H_
#define RESLAB_CLI_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "reslab/v1/client.grpc.pb.h"

namespace CLI {
class App;
}

namespace reslab::cli {

// The orchestrator a client command talks to.
struct ClientOptions {
  std::string orchestrator = "127.0.0.1:50051";
  std::string token_file;
};

// Adds --orchestrator (env RESLAB_ORCHESTRATOR) and --token-file (env RESLAB_TOKEN_FILE) to
// `command`.
void AddClientOptions(CLI::App& command, ClientOptions& options);

// A connected ClientService stub plus the token to send with each call.
class Client {
 public:
  // Reads the token file when one is given. Throws std::runtime_error naming the file when it
  // cannot be read.
  explicit Client(const ClientOptions& options);

  v1::ClientService::Stub& stub() { return *stub_; }
  // Sets the deadline and the bearer token on `context`.
  void Prepare(grpc::ClientContext& context,
               std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
  const std::string& address() const { return address_; }

 private:
  std::string address_;
  std::string token_;
  std::unique_ptr<v1::ClientService::Stub> stub_;
};

// Maps a failed call to the exit codes of cli/command.h: INVALID_ARGUMENT, ALREADY_EXISTS and
// OUT_OF_RANGE are invalid input, NOT_FOUND is not found, UNAVAILABLE and DEADLINE_EXCEEDED
// mean the orchestrator was not reached, CANCELLED is an interrupt, anything else a failure.
int ExitCodeFor(const grpc::Status& status);

// Prints "error: <what>: <message>" to stderr, with a hint when the orchestrator was not
// reached, and returns ExitCodeFor(status).
int ReportRpcError(const std::string& what, const grpc::Status& status,
                   const std::string& address);

}  // namespace reslab::cli

#endif  // RESLAB_CLI_CLIENT_H_
