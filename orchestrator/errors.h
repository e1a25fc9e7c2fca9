// Errors raised by the orchestrator's domain classes. The gRPC adapters map each code to the
// grpc::StatusCode of the same name.
#ifndef RESLAB_ORCHESTRATOR_ERRORS_H_
#define RESLAB_ORCHESTRATOR_ERRORS_H_

#include <stdexcept>
#include <string>

namespace reslab::orchestrator {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
};

class OrchestratorError : public std::runtime_error {
 public:
  OrchestratorError(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

// Bad input. The message names the field path and the value.
inline OrchestratorError InvalidArgument(const std::string& message) {
  return OrchestratorError(ErrorCode::kInvalidArgument, message);
}
inline OrchestratorError NotFound(const std::string& message) {
  return OrchestratorError(ErrorCode::kNotFound, message);
}
inline OrchestratorError AlreadyExists(const std::string& message) {
  return OrchestratorError(ErrorCode::kAlreadyExists, message);
}
// A report that no longer matches the run's state, such as a stale fencing token.
inline OrchestratorError FailedPrecondition(const std::string& message) {
  return OrchestratorError(ErrorCode::kFailedPrecondition, message);
}

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_ERRORS_H_
