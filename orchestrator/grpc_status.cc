#include "orchestrator/grpc_status.h"

#include <spdlog/spdlog.h>

#include "db/database.h"
#include "orchestrator/errors.h"

namespace reslab::orchestrator {

grpc::StatusCode ToGrpcCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorCode::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case ErrorCode::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorCode::kFailedPrecondition:
      return grpc::StatusCode::FAILED_PRECONDITION;
  }
  return grpc::StatusCode::UNKNOWN;
}

grpc::Status RunHandler(const grpc::ServerContext& context, const BearerTokenCheck& auth,
                        const char* rpc, const std::function<void()>& body) {
  grpc::Status allowed = auth.Check(context, rpc);
  if (!allowed.ok()) return allowed;
  try {
    body();
    return grpc::Status::OK;
  } catch (const OrchestratorError& error) {
    // Stale fencing tokens are logged by the scheduler with the run's ids.
    if (error.code() != ErrorCode::kFailedPrecondition) {
      spdlog::warn("{} rejected: {}", rpc, error.what());
    }
    return grpc::Status(ToGrpcCode(error.code()), error.what());
  } catch (const db::Error& error) {
    spdlog::error("{} failed in the database: {}", rpc, error.what());
    return grpc::Status(grpc::StatusCode::INTERNAL, error.what());
  } catch (const std::exception& error) {
    spdlog::error("{} failed: {}", rpc, error.what());
    return grpc::Status(grpc::StatusCode::UNKNOWN, error.what());
  }
}

}  // namespace reslab::orchestrator
