// Runs a gRPC handler body and turns the exceptions of the domain classes into grpc::Status.
#ifndef RESLAB_ORCHESTRATOR_GRPC_STATUS_H_
#define RESLAB_ORCHESTRATOR_GRPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

namespace reslab::orchestrator {

// Calls `body`. OrchestratorError maps to the status code of the same name, db::Error to
// INTERNAL and any other exception to UNKNOWN; errors other than bad input are logged with
// `rpc`.
grpc::Status RunHandler(const char* rpc, const std::function<void()>& body);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_GRPC_STATUS_H_
