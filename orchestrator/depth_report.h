// Builds the depth-stability report of a sweep from the store: each finished run's depth (from
// the sweep spec), final loss and logged gradient norms.
#ifndef RESLAB_ORCHESTRATOR_DEPTH_REPORT_H_
#define RESLAB_ORCHESTRATOR_DEPTH_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "db/database.h"

namespace reslab::orchestrator {

struct BuiltDepthReport {
  // "md", "csv" or "json", and the rendered text.
  std::string format;
  std::string text;
  nlohmann::json json;
};

// Throws OrchestratorError: kNotFound for an unknown sweep, kInvalidArgument for an unknown
// format or a sweep without finished runs. The caller serialises access to `db`.
BuiltDepthReport BuildDepthReport(db::Database& db, const std::string& sweep,
                                  const std::string& format);

}  // namespace reslab::orchestrator

#endif  // RESLAB_ORCHESTRATOR_DEPTH_REPORT_H_
