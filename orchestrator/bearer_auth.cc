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

grpc::Status BearerTokenCheck::Check(const grpc::ServerContext& context, const char* rpc) const {
  if (token_.empty()) return grpc::Status::OK;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    spdlog::warn("rejected {} from {}: no authorization metadata", rpc, context.peer());
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing 'authorization: Bearer <token>' metadata");
  }
  std::string value(it->second.data(), it->second.size());
  const std::string prefix = "Bearer ";
  if (value.compare(0, prefix.size(), prefix) != 0 ||
      !ConstantTimeEquals(value.substr(prefix.size()), token_)) {
    spdlog::warn("rejected {} from {}: invalid bearer token", rpc, context.peer());
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid bearer token");
  }
  return grpc::Status::OK;
}

}  // namespace reslab::orchestrator
