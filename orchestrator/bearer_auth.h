// Bearer-token check for RPCs: when a token is configured, a call must carry the metadata
// "authorization: Bearer <token>", or it fails with UNAUTHENTICATED before any work is done.
// gRPC's AuthMetadataProcessor is not available with insecure server credentials (gRPC 1.51
// aborts), so each service calls Check() at the start of every handler.
#ifndef RESLAB_ORCHESTRATOR_BEARER_AUTH_H_
#define RESLAB_ORCHESTRATOR_BEARER_AUTH_H_

#include <grpcpp/grpcpp.h>

#include <string>

namespace reslab::orchestrator {

class BearerTokenCheck {
 public:
  // An empty token accepts every call.
  explicit BearerTokenCheck(std::string token = "") : token_(std::move(token)) {}

  // OK, or UNAUTHENTICATED (logged with `rpc`) when the call's token is missing or wrong.
  grpc::Status Check(const grpc::ServerContext& context, const char* rpc) const;
  bool enabled() const { return !token_.empty(); }

 private:
  std::string token_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_BEARER_AUTH_H_
