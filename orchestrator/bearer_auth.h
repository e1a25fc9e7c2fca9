// Bearer-token check for every RPC of the server: a call must carry the metadata
// "authorization: Bearer <token>", or it fails with UNAUTHENTICATED.
#ifndef RESLAB_ORCHESTRATOR_BEARER_AUTH_H_
#define RESLAB_ORCHESTRATOR_BEARER_AUTH_H_

#include <grpcpp/security/auth_metadata_processor.h>

#include <string>

namespace reslab::orchestrator {

class BearerTokenProcessor : public grpc::AuthMetadataProcessor {
 public:
  explicit BearerTokenProcessor(std::string token) : token_(std::move(token)) {}

  // Runs on the calling thread, so the check adds no thread hop.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  std::string token_;
};

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_BEARER_AUTH_H_
