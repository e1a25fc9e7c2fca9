#include "db/records.h"

#include "db/database.h"

namespace reslab::db {

std::string RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kQueued:
      return "queued";
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kCompleted:
      return "completed";
    case RunStatus::kDiverged:
      return "diverged";
    case RunStatus::kFailedToTrain:
      return "failed_to_train";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

RunStatus ParseRunStatus(const std::string& name) {
  for (RunStatus status :
       {RunStatus::kQueued, RunStatus::kRunning, RunStatus::kCompleted, RunStatus::kDiverged,
        RunStatus::kFailedToTrain, RunStatus::kFailed, RunStatus::kCancelled}) {
    if (RunStatusName(status) == name) return status;
  }
  throw Error("unknown run status '" + name + "'");
}

bool IsFinal(RunStatus status) {
  return status != RunStatus::kQueued && status != RunStatus::kRunning;
}

bool IsResult(RunStatus status) {
  return status == RunStatus::kCompleted || status == RunStatus::kDiverged ||
         status == RunStatus::kFailedToTrain;
}

}  // namespace reslab::db
