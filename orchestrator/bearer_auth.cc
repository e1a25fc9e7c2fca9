#include "orchestrator/bearer_auth.h"

#include <spdlog/spdlog.h>

namespace reslab::orchestrator {
namespace {

// Compares in time independent of where the strings first differ.
bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

}  // namespace

grpc::Status BearerTokenProcessor::Process(const InputMetadata& auth_metadata,
                                           grpc::AuthContext*,
                                           OutputMetadata* consumed_auth_metadata,
                                           OutputMetadata*) {
  auto it = auth_metadata.find("authorization");
  if (it == auth_metadata.end()) {
    spdlog::warn("rejected a call without an authorization header");
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing 'authorization: Bearer <token>' metadata");
  }
  std::string value(it->second.data(), it->second.size());
  const std::string prefix = "Bearer ";
  if (value.compare(0, prefix.size(), prefix) != 0 ||
      !ConstantTimeEquals(value.substr(prefix.size()), token_)) {
    spdlog::warn("rejected a call with an invalid bearer token");
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid bearer token");
  }
  consumed_auth_metadata->insert(
      std::make_pair(std::string(it->first.data(), it->first.size()), value));
  return grpc::Status::OK;
}

}  // namespace reslab::orchestrator
