// Runs a gRPC handler body and turns the exceptions of the domain classes into grpc::Status.
#ifndef RESLAB_ORCHESTRATOR_GRPC_STATUS_H_
#define RESLAB_ORCHESTRATOR_GRPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "orchestrator/bearer_auth.h"
#include "orchestrator/errors.h"

namespace reslab::orchestrator {

// Returns the gRPC status code with the same meaning as `code`.
grpc::StatusCode ToGrpcCode(ErrorCode code);

// Checks the call's bearer token, then calls `body`. OrchestratorError maps to the status
// code of the same name, db::Error to INTERNAL and any other exception to UNKNOWN; every
// caught error is logged with `rpc`.
grpc::Status RunHandler(const grpc::ServerContext& context, const BearerTokenCheck& auth,
                        const char* rpc, const std::function<void()>& body);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_GRPC_STATUS_H_
