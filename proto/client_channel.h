// Client-side connection helpers shared by the `reslab` client commands and reslab-worker:
// channel creation with short reconnect backoff, bearer tokens and per-call deadlines.
// Header-only so that both binaries use it without another library.
#ifndef RESLAB_PROTO_CLIENT_CHANNEL_H_
#define RESLAB_PROTO_CLIENT_CHANNEL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace reslab::rpc {

// Opens an insecure channel to `address` (HOST:PORT). gRPC's default reconnect backoff grows
// to two minutes, and calls made during a backoff fail at once. The cap of 2 s set here lets a
// client reach a restarted orchestrator within about 2 s.
inline std::shared_ptr<grpc::Channel> CreateOrchestratorChannel(const std::string& address) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  arguments.SetMaxReceiveMessageSize(64 << 20);
  arguments.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

// Reads a bearer token from `path`, dropping surrounding whitespace. Throws
// std::runtime_error naming the file when it cannot be read or is empty.
inline std::string ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read token file '" + path + "'");
  std::stringstream contents;
  contents << file.rdbuf();
  std::string token = contents.str();
  const char* kSpace = " \t\r\n";
  size_t first = token.find_first_not_of(kSpace);
  if (first == std::string::npos) throw std::runtime_error("token file '" + path + "' is empty");
  size_t last = token.find_last_not_of(kSpace);
  return token.substr(first, last - first + 1);
}

// Sets the call deadline and, when `token` is non-empty, the "authorization: Bearer TOKEN"
// metadata that the orchestrator checks.
inline void PrepareContext(grpc::ClientContext& context, const std::string& token,
                           std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
}

// True for errors that mean "try again later": the server is down, restarting or slow.
inline bool IsTransient(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
         status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

}  // namespace reslab::rpc

#endif  // RESLAB_PROTO_CLIENT_CHANNEL_H_
